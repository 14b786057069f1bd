"""The Cerberus schema of a spec, format version 1.

Keys are Dutch because drafters read specs aloud to boards. Every optional field has a
default (often ``None``) so that clause templates, which render with ``StrictUndefined``,
can test a field without tripping over its absence.
"""

from .choices import (  # noqa: F401 - re-exported: the schema module is where callers look
    SPEC_FORMAT_VERSIONS,
    PARTY_TYPES,
    LEGAL_FORMS,
    AUTHORITY,
    DECISION_RULES,
    SUBJECT_RULES,
    COST_METHODS,
    FUNDING_SOURCES,
    DATA_ROLES,
    RENEWAL,
    DISPUTE_FORUMS,
    REPORTING,
    RESPONSE_PERIOD_RULES,
    OUTSIDE_ROLES,
    CHAIRS,
    COORDINATOR_PAYERS,
    APPROVAL_BODIES,
    APPROVAL_KINDS,
    APPROVAL_STATES,
    MUNICIPAL_CONTRIBUTIONS,
    STAFF_CONSTRUCTIONS,
    PHASES,
)


def _text(**extra):
    rule = {"type": "string", "empty": False}
    rule.update(extra)
    return rule


def _opt(rule):
    rule = dict(rule)
    rule.update(required=False, nullable=True, default=None)
    return rule


def _list_of(rule, **extra):
    out = {"type": "list", "schema": rule}
    out.update(extra)
    return out


REPRESENTATIVE = {
    "type": "dict",
    "schema": {
        "naam": _text(required=True),
        "functie": _text(required=True),
        "bevoegdheid": {"type": "string", "allowed": AUTHORITY, "required": True},
        "volmacht_van": _opt(_text()),  # who granted the volmacht or mandaat ("de burgemeester")
        "volmacht_datum": _opt({"type": "date"}),
        "plaats": _opt(_text()),
    },
}

PARTY = {
    "type": "dict",
    "schema": {
        "id": _text(required=True, regex=r"[a-z][a-z0-9_]*"),
        "naam": _text(required=True),
        "korte_naam": _text(required=True),
        "type": {"type": "string", "allowed": PARTY_TYPES, "required": True},
        "rechtsvorm": {"type": "string", "allowed": LEGAL_FORMS, "required": True},
        "kvk": _text(required=True, regex=r"[0-9]{8}"),
        "vestigingsplaats": _text(required=True),
        "adres": _text(required=True),
        "omvang": _opt({"type": "number", "min": 0}),
        "stemrecht": {"type": "boolean", "default": True},  # False: takes part without a vote
        # Carries a share of the joint costs; default: yes, except a zorgverzekeraar (spec/defaults.py)
        "kostendragend": _opt({"type": "boolean"}),
        "bijdragevorm": _opt({"type": "string", "allowed": MUNICIPAL_CONTRIBUTIONS}),  # gemeente only
        "vertegenwoordigers": _list_of(REPRESENTATIVE, required=True, minlength=1),
    },
}

SCHEMA = {
    "versie": {"type": "integer", "allowed": list(SPEC_FORMAT_VERSIONS), "required": True},
    "bibliotheek": _opt(
        {
            "type": "dict",
            "schema": {
                "naam": _text(),  # pin: the library's name ...
                "versie": _text(),  # ... and a version range, e.g. ">=1.2,<2"
                "lagen": _list_of(_text(), default=[]),  # layer directories, relative to the spec
            },
        }
    ),
    # Fields a clause library asks for itself (``velden`` in its bibliotheek.yaml): checked
    # against the library's declarations when the agreement is assembled (library/fields.py).
    "aanvullend": _opt({"type": "dict"}),
    "document": {
        "type": "dict",
        "required": True,
        "schema": {
            "titel": _text(required=True),
            "kenmerk": _text(required=True),
            "status": {"type": "string", "allowed": ["concept", "definitief"], "default": "concept"},
            "versie": _text(required=True),
            "datum": {"type": "date", "required": True},
            "auteur": _text(required=True),
            "plaats_ondertekening": _opt(_text()),
        },
    },
    "samenwerking": {
        "type": "dict",
        "required": True,
        "schema": {
            "naam": _text(required=True),
            "korte_naam": _text(required=True),
        },
    },
    "partijen": _list_of(PARTY, required=True, minlength=2),
    "regio": {
        "type": "dict",
        "required": True,
        "schema": {
            "naam": _text(required=True),
            "gebied": _text(required=True),
            "roaz": _opt(_text()),
            "zorgkantoor": _opt(_text()),
            "domeinen": _list_of(_text(), required=True, minlength=1),
            "populatie": _opt(_text()),
            "buiten_scope": _list_of(_text(), default=[]),
        },
    },
    "aanleiding": _opt(_text()),
    "visie": _text(required=True),
    "doelen": _list_of(_text(), required=True, minlength=1),
    "waarden": _list_of(_text(), default=[]),
    "intentieverklaring": _opt({"type": "date"}),
    "goedkeuringen": _list_of(
        {
            "type": "dict",
            "schema": {
                "partij": _text(required=True),
                "orgaan": {"type": "string", "allowed": APPROVAL_BODIES, "required": True},
                "status": {"type": "string", "allowed": APPROVAL_STATES, "required": True},
                "soort": _opt({"type": "string", "allowed": APPROVAL_KINDS}),
                "datum": _opt({"type": "date"}),  # when it was given (status verkregen)
                "uiterlijk": _opt({"type": "date"}),  # long-stop date (status vereist)
            },
        },
        default=[],
    ),
    "fasering": _opt(
        {
            "type": "dict",
            "schema": {
                "fasen": _list_of(
                    {"type": "string", "allowed": PHASES}, required=True, minlength=1
                ),
                "go_no_go": {"type": "boolean", "default": True},
                "pilot_maanden": _opt({"type": "integer", "min": 1, "max": 60}),
                # False: no Party may give notice before the pilot has ended
                "opzegging_tijdens_pilot": {"type": "boolean", "default": True},
            },
        }
    ),
    "rollen": _list_of(
        {
            "type": "dict",
            "schema": {
                "partij": _text(required=True),
                "taken": _list_of(_text(), required=True, minlength=1),
                "inbreng_in_natura": _opt(_text()),
            },
        },
        default=[],
    ),
    "governance": {
        "type": "dict",
        "required": True,
        "schema": {
            "stuurgroep": {
                "type": "dict",
                "required": True,
                "schema": {
                    "voorzitter": _text(required=True),
                    "vergaderingen_per_jaar": {"type": "integer", "min": 1, "max": 52, "required": True},
                    "leden_per_partij": {"type": "integer", "min": 1, "max": 5, "default": 1},
                },
            },
            "werkgroepen": _list_of(_text(), default=[]),
            "procescoordinator": _opt(
                {
                    "type": "dict",
                    "schema": {
                        "bekostiging": _text(required=True),
                        "uren_per_week": _opt({"type": "integer", "min": 1, "max": 40}),
                    },
                }
            ),
            "rol_gemeente": _opt({"type": "string", "allowed": OUTSIDE_ROLES}),
            "rol_zorgverzekeraar": _opt({"type": "string", "allowed": OUTSIDE_ROLES}),
        },
    },
    "mandaat": {
        "type": "dict",
        "default": {},
        "schema": {
            "bekrachtiging_dagen": {"type": "integer", "min": 1, "max": 180, "default": 30},
        },
    },
    "besluitvorming": {
        "type": "dict",
        "required": True,
        "schema": {
            "regel": {"type": "string", "allowed": DECISION_RULES, "required": True},
            "quorum": {"type": "integer", "min": 1, "required": True},
            "meerderheid_procent": _opt({"type": "integer", "min": 51, "max": 100}),
            "stemgewicht": _opt({"type": "dict", "keysrules": {"type": "string"}, "valuesrules": {"type": "integer", "min": 1}}),
            "reactietermijn_dagen": _opt({"type": "integer", "min": 1, "max": 90}),
            # Another rule for one subject, e.g. the budget by qualified majority under consent
            "per_onderwerp": _list_of(
                {
                    "type": "dict",
                    "schema": {
                        "onderwerp": _text(required=True),
                        "regel": {"type": "string", "allowed": SUBJECT_RULES, "required": True},
                        "meerderheid_procent": _opt({"type": "integer", "min": 51, "max": 100}),
                    },
                },
                default=[],
            ),
        },
    },
    "escalatie": {
        "type": "dict",
        "default": {},
        "schema": {
            "termijn_dagen": {"type": "integer", "min": 1, "max": 180, "default": 30},
            "derde": {"type": "string", "allowed": ["mediation", "bindend_advies"], "default": "mediation"},
        },
    },
    "financiering": {
        "type": "dict",
        "required": True,
        "schema": {
            "bronnen": _list_of({"type": "string", "allowed": FUNDING_SOURCES}, required=True, minlength=1),
            "penvoerder": _text(required=True),
            "jaarbudget": _opt({"type": "integer", "min": 0}),
            "kostenverdeling": {
                "type": "dict",
                "required": True,
                "schema": {
                    "methode": {"type": "string", "allowed": COST_METHODS, "required": True},
                    "aandelen": _opt(
                        {
                            "type": "dict",
                            "keysrules": {"type": "string"},
                            "valuesrules": {"type": "number", "min": 0, "max": 100},
                        }
                    ),
                },
            },
            "overschrijding_procent": {"type": "integer", "min": 0, "max": 100, "default": 10},
            "structureel_per": _opt({"type": "date"}),
        },
    },
    "personeel": _opt(
        {
            "type": "dict",
            "schema": {
                "gezamenlijk_rooster": {"type": "boolean", "default": False},
                "diensten": _opt(_text()),
                "detachering": {"type": "boolean", "default": False},
                # The construction; default from the two booleans above (spec/defaults.py)
                "constructie": _opt({"type": "string", "allowed": STAFF_CONSTRUCTIONS}),
                "werkgever": _opt(_text()),  # party id: the employer of a joint team or payroll
            },
        }
    ),
    "gegevensuitwisseling": {
        "type": "dict",
        "required": True,
        "schema": {
            "rol": {"type": "string", "allowed": DATA_ROLES, "required": True},
            "verwerkingsverantwoordelijke": _opt(_text()),
            "systemen": _list_of(_text(), default=[]),
            # Per processing: who decides (controllers, party ids; two or more: joint, art. 26 AVG)
            # and who processes for them (art. 28 AVG): parties, or others such as an ICT supplier
            "verwerkingen": _list_of(
                {
                    "type": "dict",
                    "schema": {
                        "naam": _text(required=True),
                        "verantwoordelijken": _list_of(_text(), minlength=1, nullable=True, default=None),
                        "verwerkers": _list_of(_text(), default=[]),
                        "externe_verwerkers": _list_of(_text(), default=[]),
                    },
                },
                default=[],
            ),
        },
    },
    "monitoring": {
        "type": "dict",
        "default": {},
        "schema": {
            "rapportage": {"type": "string", "allowed": REPORTING, "default": "halfjaar"},
            "kpis": _list_of(
                {
                    "type": "dict",
                    "schema": {
                        "naam": _text(required=True),
                        "norm": _text(required=True),
                        "bron": _opt(_text()),
                    },
                },
                default=[],
            ),
            "maturity_index": {"type": "boolean", "default": False},
        },
    },
    "inspraak": _opt(
        {
            "type": "dict",
            "schema": {
                "platform": {"type": "boolean", "default": False},
                "clientenraden": {"type": "boolean", "default": True},
            },
        }
    ),
    "looptijd": {
        "type": "dict",
        "required": True,
        "schema": {
            "ingangsdatum": {"type": "date", "required": True},
            "duur_jaren": {"type": "integer", "min": 1, "max": 20, "required": True},
            "verlenging": {"type": "string", "allowed": RENEWAL, "default": "na_evaluatie"},
            "verlenging_jaren": _opt({"type": "integer", "min": 1, "max": 10}),
        },
    },
    "uittreding": {
        "type": "dict",
        "required": True,
        "schema": {
            "opzegtermijn_maanden": {"type": "integer", "min": 1, "max": 36, "required": True},
            "uittredingsbijdrage": {"type": "boolean", "default": True},
        },
    },
    "aansprakelijkheid": {
        "type": "dict",
        "default": {},
        "schema": {
            # Cap per event when no insurance pays; default: the jaarbudget, at least EUR 100,000
            "maximum_bedrag": _opt({"type": "integer", "min": 0}),
            # Minimum insured sum per event for each Party's liability insurance
            "verzekerd_bedrag": {"type": "integer", "min": 0, "default": 2500000},
        },
    },
    "toetreding": {
        "type": "dict",
        "default": {},
        "schema": {
            "toegestaan": {"type": "boolean", "default": True},
            "toetredingsbijdrage": _opt({"type": "integer", "min": 0}),
        },
    },
    "geschillen": {
        "type": "dict",
        "required": True,
        "schema": {
            "beslechting": {"type": "string", "allowed": DISPUTE_FORUMS, "required": True},
            "rechtbank": _opt(_text()),
            "instituut": _opt(_text()),
            "arbiters": _opt({"type": "integer", "allowed": [1, 3]}),  # arbitrage; default 1
            "plaats": _opt(_text()),  # seat of the arbitration; default: the penvoerder's vestigingsplaats
        },
    },
    "contactpersonen": _list_of(
        {
            "type": "dict",
            "schema": {
                "partij": _text(required=True),
                "naam": _text(required=True),
                "functie": _text(required=True),
                "email": _text(required=True, regex=r"[^@\s]+@[^@\s]+\.[^@\s]+"),
            },
        },
        default=[],
    ),
}
