"""The choices a spec offers: the allowed values of its fields, each with what it means.

Kept apart from the schema's structure (spec/schema.py), which imports them.
"""

SPEC_FORMAT_VERSIONS = (1,)

PARTY_TYPES = ["ziekenhuis", "vvt", "huisartsen", "ggz", "gemeente", "zorgverzekeraar", "overig"]
LEGAL_FORMS = [
    "stichting",
    "vereniging",
    "coöperatie",
    "besloten vennootschap",
    "naamloze vennootschap",
    "openbaar lichaam",
    "maatschap",
    "overig",
]
# statuten: a director under the articles; volmacht: a written power of attorney (art. 3:60 BW),
# for a gemeente the burgemeester's (art. 171 lid 2 Gemeentewet); wet: by law (the burgemeester,
# art. 171 lid 1 Gemeentewet); mandaat: a public-law mandate (art. 10:1 Awb).
AUTHORITY = ["statuten", "volmacht", "wet", "mandaat"]
DECISION_RULES = [
    "unanimiteit",
    "gekwalificeerde_meerderheid",
    "consent",
    "opt_out",
    "stilzwijgende_instemming",
    "doorslaggevende_stem",
]
# The rules a subject may have besides the general one: heavier (unanimity, a qualified majority)
# or consent; rules with a fallback vote or opt-out stay general.
SUBJECT_RULES = ["unanimiteit", "gekwalificeerde_meerderheid", "consent"]
# The rules with a response period (besluitvorming.reactietermijn_dagen)
RESPONSE_PERIOD_RULES = ("stilzwijgende_instemming", "opt_out")
COST_METHODS = ["gelijk", "naar_omvang", "naar_gebruik", "naar_baat"]
FUNDING_SOURCES = ["eigen_middelen", "regionale_gelden", "zorgverzekeraar", "gemeente", "subsidie"]
DATA_ROLES = ["zelfstandig", "gezamenlijk", "verwerker"]
RENEWAL = ["geen", "stilzwijgend", "na_evaluatie"]
DISPUTE_FORUMS = ["rechter", "arbitrage", "bindend_advies"]
REPORTING = ["kwartaal", "halfjaar", "jaar"]
OUTSIDE_ROLES = ["lid", "adviseur", "toehoorder"]
CHAIRS = ["onafhankelijk", "roulerend"]  # or a party id
# Who pays the process coordinator: all parties through the budget, or one party (its id)
COORDINATOR_PAYERS = ["gezamenlijk"]  # or a party id
APPROVAL_BODIES = [
    "ondernemingsraad",
    "clientenraad",
    "raad_van_toezicht",
    "gemeenteraad",
    "college",
    "ledenvergadering",
    "aandeelhouders",
    "medische_staf",
    "verpleegkundige_adviesraad",
]
# What the body gives; the default follows the body (spec/defaults.py): an OR advises (art. 25
# WOR) unless the decision needs its consent (instemming, art. 27 WOR).
APPROVAL_KINDS = ["advies", "instemming", "goedkeuring", "besluit", "wensen_en_bedenkingen"]
APPROVAL_STATES = ["verkregen", "vereist"]
# How a gemeente pays its share: a subsidy by separate decision (art. 4:21 Awb) or a contract
# for services (opdracht, with public procurement rules).
MUNICIPAL_CONTRIBUTIONS = ["subsidie", "opdracht"]
# How staff work together: seconded (detachering), employed by one and payrolled, a joint roster
# in which everyone stays with their own employer, or a joint team employed by one party.
STAFF_CONSTRUCTIONS = ["detachering", "payrolling", "rooster", "gezamenlijk_team"]
PHASES = ["analyse", "businesscase", "pilot", "evaluatie", "implementatie"]
