// Improvements only: every page and form works without this file.
import { initAll } from "/assets/govuk-frontend.min.js";

initAll();

// Live figures: a region with data-live-src is refetched every data-live-every seconds.
for (const region of document.querySelectorAll("[data-live-src]")) {
  const every = Number(region.dataset.liveEvery || 15) * 1000;
  setInterval(async () => {
    try {
      const answer = await fetch(region.dataset.liveSrc, { credentials: "same-origin" });
      if (answer.ok) region.innerHTML = await answer.text();
    } catch (_) {
      // Keep the figures already shown; the next poll tries again.
    }
  }, every);
}

// Bulk run: send one chunk at a time and show progress, then show the combined result.
const run = document.getElementById("bulk-run");
if (run) {
  run.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chunks = Number(run.dataset.chunks);
    const progress = document.getElementById("bulk-progress");
    const bar = document.getElementById("bulk-progress-bar");
    const text = document.getElementById("bulk-progress-text");
    run.hidden = true;
    progress.hidden = false;
    const runIds = [];
    for (let chunk = 0; chunk < chunks; chunk += 1) {
      const form = new FormData(run);
      form.set("chunk", String(chunk));
      const answer = await fetch("/bulk/run-chunk", { method: "POST", body: form, credentials: "same-origin" });
      if (!answer.ok) {
        text.textContent = "The run stopped: HR did not accept part " + (chunk + 1) + ". Parts already sent are done; run the file again to continue (done posts will be refused as already moving).";
        return;
      }
      const report = await answer.json();
      runIds.push(report.run_id);
      bar.value = report.done;
      text.textContent = report.done.toLocaleString("en-GB") + " of " + report.rows.toLocaleString("en-GB") + " posts done";
    }
    window.location.assign("/bulk/result?runs=" + runIds.join(","));
  });
}
