"""The Anchor Institution Signatory Evidence form (002:745-813), every question as written, then the portal's
additions for Beacon Indicators 12, 20 and 21, labelled so. A draft may be incomplete; a submission must be whole.

Yes/no questions are radios with nothing chosen until the lead chooses: a default would put words in their mouth.
"""

from django import forms

PORTAL = "Added by the portal for Beacon Indicator"
NARRATIVE = "Supporting narrative: Please document your progress to date and include case studies where relevant."
BANDS = 8  # rows for pay bands or levels; an organisation with fewer leaves the rest empty
YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label, help_text=""):
    return forms.TypedChoiceField(label=label, help_text=help_text, choices=YES_NO, widget=forms.RadioSelect,
                                  coerce=lambda value: value == "yes", empty_value=None,
                                  error_messages={"required": f"Answer yes or no: {label}"})


def percentage(label, what):
    words = f"Enter {what} as a number from 0 to 100"
    return forms.FloatField(label=label, min_value=0, max_value=100, help_text="A percentage from 0 to 100.",
                            error_messages={"invalid": words, "min_value": words, "max_value": words,
                                            "required": f"Enter {what}"})


def narrative():
    return forms.CharField(label=NARRATIVE, widget=forms.Textarea(attrs={"rows": 4}))


def count(label, what, unit="a number"):
    words = f"Enter {what} as {unit} of 0 or more"
    return forms.FloatField(label=label, min_value=0, error_messages={"invalid": words, "min_value": words})


# (numerator, denominator, words for the check that one is not above the other)
PAIRS = [("local_fte", "contract_fte", "Local employees cannot be more than all employees on such contracts"),
         ("local_spend", "contract_spend", "Spend with local suppliers cannot be more than all contract spend")]
OPTIONAL = {"agency_living_wage_pct", "living_wage_narrative", "local_narrative", "buildings_narrative",
            "environment_narrative", "social_value_narrative", "inequalities_narrative", "marmot_aligned",
            "local_fte", "contract_fte", "local_spend", "contract_spend"}


class EvidenceForm(forms.Form):
    use_required_attribute = False  # a draft may be saved incomplete; the server says what a submission lacks

    living_wage_pct = percentage("What percentage of your workforce are currently paid the real living wage?",
                                 "the percentage of your workforce paid the real living wage")
    agency_living_wage_pct = percentage(
        "What percentage of your agency staff are paid at least the real living wage? (optional)",
        "the percentage of your agency staff paid at least the real living wage")
    living_wage_narrative = narrative()
    workforce_local_pct = percentage("What percentage of your workforce reside in Cheshire and Merseyside?",
                                     "the percentage of your workforce residing in Cheshire and Merseyside")
    contracts_local_pct = percentage(
        "In relation to the current financial year, what percentage of awarded contracts have been local?",
        "the percentage of this financial year's awarded contracts that have been local")
    local_narrative = narrative()
    buildings_free_use = yes_no("Do you currently allow voluntary, community, faith or social enterprise (VCFSE) "
                                "organisations to use your buildings free of charge?")
    buildings_narrative = narrative()
    green_plan = yes_no("Has your organisation developed a Net Zero / Green Plan?")
    environment_narrative = narrative()
    charter_signed = yes_no("Have you signed the Social Value Charter?")
    award_achieved = yes_no("Have you achieved the Social Value Award?")
    social_value_narrative = narrative()
    prevention_pledge = yes_no("Has your organisation been awarded the NHS Prevention Pledge ? (NHS Providers only.)")
    inequalities_initiatives = yes_no("Is your organisation delivering initiatives that aim to address health "
                                      "inequalities?")
    marmot_aligned = yes_no("If yes, is this work aligned with the 8 Marmot Principles or the Core20PLUS5 ?")
    inequalities_narrative = narrative()
    case_study = forms.CharField(label="Please include a case study below.",
                                 widget=forms.Textarea(attrs={"rows": 6}))
    submitter_name = forms.CharField(label="Name", max_length=200, help_text="Name and Role: who submits this "
                                     "evidence. The portal records the signed-in account and the date.")
    submitter_role = forms.CharField(label="Role", max_length=200)
    local_fte = count(f"{PORTAL} 12: local employees (FTE, living in Cheshire and Merseyside) employed on a "
                      "contract of one year or more, or for the whole of a shorter contract",
                      "the local employees (FTE)")
    contract_fte = count(f"{PORTAL} 12: all employees (FTE) employed on such contracts", "all employees (FTE)")
    local_spend = forms.DecimalField(
        label=f"{PORTAL} 21: spend with local suppliers through contracts, in pounds", min_value=0,
        max_digits=14, decimal_places=2,
        error_messages={"invalid": "Enter the spend with local suppliers in pounds, like 125000"})
    contract_spend = forms.DecimalField(
        label=f"{PORTAL} 21: all spend through contracts, in pounds", min_value=0, max_digits=14, decimal_places=2,
        error_messages={"invalid": "Enter all spend through contracts in pounds, like 900000"})

    def __init__(self, *args, ret, submitting=False, **kwargs):
        self.ret, self.submitting = ret, submitting
        super().__init__(*args, initial=self.initial_from(ret), **kwargs)
        for n in range(1, BANDS + 1):
            self.fields[f"band_{n}"] = forms.CharField(label=f"{PORTAL} 20: pay band or level {n}", max_length=60)
            self.fields[f"band_{n}_minority"] = count(
                f"Employees from Black, Asian and minority ethnic backgrounds in band or level {n}",
                f"the employees from Black, Asian and minority ethnic backgrounds in band or level {n}")
            self.fields[f"band_{n}_all"] = count(f"All employees in band or level {n}",
                                                 f"all employees in band or level {n}")
        if not ret.organisation.is_nhs_provider:
            del self.fields["prevention_pledge"]
        for name, field in self.fields.items():
            field.required = submitting and name not in OPTIONAL and not name.startswith("band_")

    def initial_from(self, ret):
        initial = {}
        for name in self.base_fields:
            value = getattr(ret, name)
            initial[name] = {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value
        for n, row in enumerate(ret.minority_by_band, 1):
            initial.update({f"band_{n}": row["band"], f"band_{n}_minority": row["minority"],
                            f"band_{n}_all": row["all"]})
        return initial

    def clean(self):
        data = super().clean()
        for numerator, denominator, words in PAIRS:
            self._check_pair(data, numerator, denominator, words)
        for n in range(1, BANDS + 1):
            self._check_band(data, n)
        if self.submitting and data.get("inequalities_initiatives") and data.get("marmot_aligned") is None:
            self.add_error("marmot_aligned", "Answer yes or no: is this work aligned with the 8 Marmot Principles "
                                             "or the Core20PLUS5?")
        return data

    def _check_pair(self, data, numerator, denominator, words):
        top, bottom = data.get(numerator), data.get(denominator)
        if (top is None) != (bottom is None) and not ({numerator, denominator} & set(self.errors)):
            missing = denominator if bottom is None else numerator
            self.add_error(missing, f"Give both figures or neither: {self.fields[missing].label}")
        elif top is not None and top > bottom:
            self.add_error(numerator, words)

    def _check_band(self, data, n):
        band, minority, total = data.get(f"band_{n}"), data.get(f"band_{n}_minority"), data.get(f"band_{n}_all")
        if not band and minority is None and total is None:
            return
        if not band or minority is None or total is None:
            self.add_error(f"band_{n}", f"Give band or level {n}'s name and both of its counts, or leave all "
                                        "three empty")
        elif minority > total:
            self.add_error(f"band_{n}_minority", f"Employees from Black, Asian and minority ethnic backgrounds in "
                                                 f"band or level {n} cannot be more than all its employees")

    def to_data(self):
        data = {name: value for name, value in self.cleaned_data.items() if not name.startswith("band_")}
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = value.strip()
        if data.get("inequalities_initiatives") is not True:
            data["marmot_aligned"] = None  # asked "if yes" only
        data["minority_by_band"] = [
            {"band": self.cleaned_data[f"band_{n}"].strip(), "minority": self.cleaned_data[f"band_{n}_minority"],
             "all": self.cleaned_data[f"band_{n}_all"]}
            for n in range(1, BANDS + 1) if self.cleaned_data.get(f"band_{n}")]
        return data
