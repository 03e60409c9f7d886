"""Finance redesigns its own processes through the handlers HR uses too (`shared.redesign`),
publishing on `finance.redesign`; Central Finance runs every finance process."""

from __future__ import annotations

from shared.redesign.publishing import RedesignOwner

OWNER = RedesignOwner(producer="finance", function="FIN", words="finance")
