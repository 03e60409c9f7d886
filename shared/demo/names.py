"""Word lists for the demo establishment: job titles by support function, and people's names.

Titles use the words the council's own documents use ("business support", "contract
management", "Programme Management Office"). Names are common in England today; they are
invented people, never real staff.
"""

from __future__ import annotations

from typing import Final

# (title, lowest grade, highest grade, weight). Weights shape each function's pyramid:
# many officers and assistants, few managers, as in a real establishment.
TITLES: Final[dict[str, tuple[tuple[str, int, int, float], ...]]] = {
    "HR": (
        ("HR Assistant", 5, 6, 4.0),
        ("Recruitment Administrator", 5, 6, 3.0),
        ("Payroll Officer", 6, 7, 2.0),
        ("HR Advisor", 7, 9, 4.0),
        ("Learning and Development Officer", 7, 9, 1.5),
        ("Senior HR Advisor", 9, 10, 2.0),
        ("HR Business Partner", 11, 12, 1.0),
        ("Strategic HR Business Partner", 13, 14, 0.3),
    ),
    "FIN": (
        ("Finance Assistant", 5, 6, 5.0),
        ("Accounts Payable Officer", 5, 6, 3.0),
        ("Income Officer", 5, 6, 2.0),
        ("Finance Officer", 7, 8, 5.0),
        ("Senior Finance Officer", 9, 9, 3.0),
        ("Accountant", 9, 10, 2.0),
        ("Senior Accountant", 11, 11, 1.0),
        ("Finance Business Partner", 12, 13, 1.0),
        ("Finance Manager", 13, 14, 0.4),
    ),
    "ICT": (
        ("ICT Service Desk Officer", 5, 6, 3.0),
        ("ICT Support Analyst", 6, 7, 5.0),
        ("Applications Support Analyst", 7, 8, 3.0),
        ("Systems Administrator", 8, 9, 2.0),
        ("Digital Officer", 8, 9, 1.5),
        ("Data Analyst", 8, 10, 2.0),
        ("Business Systems Analyst", 9, 10, 2.0),
        ("ICT Business Partner", 12, 13, 0.5),
        ("Solutions Architect", 13, 14, 0.3),
    ),
    "COMMS": (
        ("Communications Assistant", 5, 6, 1.0),
        ("Communications Officer", 7, 8, 3.0),
        ("Digital Content Officer", 7, 8, 2.0),
        ("Senior Communications Officer", 9, 10, 1.5),
        ("Communications and Engagement Manager", 11, 12, 0.6),
        ("Communications Business Partner", 12, 13, 0.3),
    ),
    "POL": (
        ("Performance Officer", 7, 8, 2.0),
        ("Policy Officer", 8, 9, 3.0),
        ("Research and Intelligence Officer", 8, 9, 2.0),
        ("Senior Policy Officer", 10, 11, 1.5),
        ("Policy and Performance Manager", 12, 13, 0.6),
        ("Head of Policy and Research", 14, 14, 0.1),
    ),
    "PROC": (
        ("Procurement Assistant", 5, 6, 2.0),
        ("Procurement Officer", 7, 8, 3.0),
        ("Contract Management Officer", 8, 9, 2.0),
        ("Commissioning Officer", 8, 9, 1.5),
        ("Senior Procurement Officer", 9, 10, 1.5),
        ("Category Manager", 11, 12, 0.8),
        ("Procurement Business Partner", 12, 13, 0.4),
    ),
    "BUS": (
        ("Business Support Assistant", 5, 5, 6.0),
        ("Business Support Officer", 5, 6, 5.0),
        ("Administrative Officer", 5, 6, 3.0),
        ("Minuting Officer", 6, 6, 1.0),
        ("Personal Assistant", 6, 7, 2.0),
        ("Senior Business Support Officer", 7, 7, 2.0),
        ("Business Support Team Leader", 8, 8, 1.5),
        ("Business Support Manager", 10, 11, 0.5),
        ("Business Services Manager", 12, 12, 0.2),
    ),
    "PPM": (
        ("Project Support Officer", 6, 7, 2.0),
        ("Project Officer", 8, 9, 3.0),
        ("PMO Analyst", 8, 9, 1.5),
        ("Project Manager", 10, 11, 3.0),
        ("Senior Project Manager", 12, 12, 1.5),
        ("Transformation Manager", 12, 13, 0.8),
        ("Programme Manager", 13, 14, 0.8),
    ),
}


def _words(text: str) -> tuple[str, ...]:
    # Space-separated so the lists stay compact; no name contains a space.
    return tuple(text.split())


FIRST_NAMES: Final[tuple[str, ...]] = _words(
    "Olivia Amelia Isla Ava Emily Sophie Grace Lily Chloe Jessica Hannah Lucy Charlotte Ellie "
    "Megan Rebecca Sarah Emma Laura Rachel Claire Helen Karen Julie Susan Joanne Nicola "
    "Michelle Gemma Kerry Priya Aisha Fatima Zara Agnieszka Siobhan Bethany Natalie Alison "
    "Victoria Oliver George Harry Jack Jacob Thomas James William Daniel Matthew Joshua "
    "Samuel Luke Ryan Adam David Paul Mark Andrew Richard Stephen Michael Christopher Gareth "
    "Simon Ian Neil Craig Mohammed Imran Arjun Raj Tomasz Kwame Callum Liam Connor Ben Peter "
    "Graham"
)

SURNAMES: Final[tuple[str, ...]] = _words(
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
    "Walker White Roberts Green Hall Wood Jackson Clarke Patel Khan Lewis Harrison Hughes "
    "Edwards Turner Hill Moore Cooper Ward Morris King Watson Baker Harris Clark Allen "
    "Bennett Hardy Marsden Bradbury Cartwright Slack Bagshaw Wragg Hallam Booth Gregory "
    "Hollingworth Staley Froggatt Outram Bunting Fearn Mellor Ashworth Chadwick Shaw Barker "
    "O'Connor Murphy Kelly Singh Begum Ahmed Hussain Kowalski Nowak Mensah Okafor Chen Nguyen "
    "Fletcher Chapman Mason Holmes Webster Fox Pearson"
)
