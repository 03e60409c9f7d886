"""HR redesigns its own processes through the handlers Finance uses too (`shared.redesign`),
publishing on `hr.redesign`; Central HR runs every HR process."""

from __future__ import annotations

from shared.redesign.publishing import RedesignOwner

OWNER = RedesignOwner(producer="hr", function="HR", words="HR")
