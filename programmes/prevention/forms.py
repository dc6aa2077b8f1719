"""The prevention investment return's form: the budget in scope, the amount to the social determinants of health
and the promotion of good health (000:243), its split by the working categories with a narrative each, and
optionally by Place and neighbourhood. Money in pounds, never negative, no part above its whole; each refusal
names the field. A draft may be incomplete; a submission needs the two totals."""

from decimal import Decimal

from django import forms

from places.models import Area

from .models import Category

NEIGHBOURHOODS = 3  # rows for neighbourhoods; an organisation that cannot say leaves them empty
WORKING = "(the portal's working category, not a document's)"


def pounds(label, what, help_text="In pounds, e.g. 1250000.00."):
    words = f"Enter {what} in pounds, 0 or more, like 125000"
    return forms.DecimalField(label=label, min_value=0, max_digits=14, decimal_places=2, help_text=help_text,
                              error_messages={"invalid": words, "min_value": words, "max_digits": words,
                                              "max_decimal_places": f"Enter {what} in pounds and pence at most",
                                              "required": f"Enter {what}"})


def money(value):
    return f"£{value:,.2f}"


class InvestmentForm(forms.Form):
    use_required_attribute = False  # a draft may be saved incomplete; the server says what a submission lacks

    total_budget = pounds("Total budget in scope", "the total budget in scope",
                          "The organisation's budget this return covers, in pounds.")
    prevention_amount = pounds(
        "Amount going towards the social determinants of health and the promotion of good health",
        "the amount going towards the social determinants of health and the promotion of good health",
        "In pounds; part of the total budget in scope (HCP Plan 2024-29, 000:243).")
    narrative = forms.CharField(label="Anything the business team should know about these figures (optional)",
                                widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, ret, submitting=False, **kwargs):
        self.ret, self.submitting = ret, submitting
        super().__init__(*args, **kwargs)
        self.categories = list(Category.objects.filter(is_active=True))
        self.areas = list(Area.objects.places().order_by("name"))
        for category in self.categories:
            self.fields[f"category_{category.pk}"] = pounds(
                f"Amount for {category.name} {WORKING}", f"the amount for {category.name}", "In pounds (optional).")
            self.fields[f"category_{category.pk}_narrative"] = forms.CharField(
                label=f"What the amount for {category.name} pays for", widget=forms.Textarea(attrs={"rows": 2}))
        for area in self.areas:
            self.fields[f"place_{area.pk}"] = pounds(f"Amount spent in {area.name}", f"the amount spent in {area.name}",
                                                     "In pounds (optional): leave empty if you cannot say.")
        choices = [("", "Choose the Place"), *[(area.pk, area.name) for area in self.areas]]
        for n in range(1, NEIGHBOURHOODS + 1):
            self.fields[f"neighbourhood_{n}_place"] = forms.TypedChoiceField(
                label=f"Neighbourhood {n}: its Place", choices=choices, coerce=int, empty_value=None)
            self.fields[f"neighbourhood_{n}"] = forms.CharField(label=f"Neighbourhood {n}: its name", max_length=100)
            self.fields[f"neighbourhood_{n}_amount"] = pounds(f"Neighbourhood {n}: the amount spent there",
                                                              f"the amount spent in neighbourhood {n}", "")
        for name, field in self.fields.items():
            field.required = submitting and name in ("total_budget", "prevention_amount")
        self.initial = self.initial_from(ret)

    def initial_from(self, ret):
        initial = {"total_budget": ret.total_budget, "prevention_amount": ret.prevention_amount,
                   "narrative": ret.narrative}
        for row in ret.categories:
            initial[f"category_{row['category']}"] = row["amount"]
            initial[f"category_{row['category']}_narrative"] = row["narrative"]
        n = 0
        for row in ret.places:
            initial[f"place_{row['place']}"] = row["amount"]
            for hood in row.get("neighbourhoods", []):
                n += 1
                initial.update({f"neighbourhood_{n}_place": row["place"], f"neighbourhood_{n}": hood["name"],
                                f"neighbourhood_{n}_amount": hood["amount"]})
        return initial

    def clean(self):
        data = super().clean()
        whole, budget = data.get("prevention_amount"), data.get("total_budget")
        if whole is not None and budget is not None and whole > budget:
            self.add_error("prevention_amount", f"The amount going towards the social determinants of health and the "
                                                f"promotion of good health ({money(whole)}) cannot be more than the "
                                                f"total budget in scope ({money(budget)})")
        self._check_parts(data, whole, [f"category_{c.pk}" for c in self.categories], "categories")
        self._check_parts(data, whole, [f"place_{a.pk}" for a in self.areas], "Places")
        for n in range(1, NEIGHBOURHOODS + 1):
            self._check_neighbourhood(data, n)
        return data

    def _check_parts(self, data, whole, names, what):
        given = [name for name in names if data.get(name) is not None]
        total = sum((data[name] for name in given), Decimal(0))
        if whole is not None and given and total > whole:
            self.add_error(given[-1], f"The amounts by {what} add up to {money(total)}, more than the amount going "
                                      f"towards the social determinants of health and the promotion of good health "
                                      f"({money(whole)}): check {self.fields[given[-1]].label}")

    def _check_neighbourhood(self, data, n):
        place, name, amount = (data.get(f"neighbourhood_{n}_place"), data.get(f"neighbourhood_{n}"),
                               data.get(f"neighbourhood_{n}_amount"))
        if place is None and not name and amount is None:
            return
        if place is None or not name or amount is None:
            self.add_error(f"neighbourhood_{n}", f"Give neighbourhood {n}'s Place, name and amount, or leave all three "
                                                 "empty")
            return
        spent = [row for row in range(1, NEIGHBOURHOODS + 1) if data.get(f"neighbourhood_{row}_place") == place
                 and data.get(f"neighbourhood_{row}_amount") is not None and row <= n]
        total = sum((data[f"neighbourhood_{row}_amount"] for row in spent), Decimal(0))
        in_place = data.get(f"place_{place}")
        if in_place is None or total > in_place:
            area = next(a.name for a in self.areas if a.pk == place)
            self.add_error(f"neighbourhood_{n}_amount", f"Neighbourhood {n}: the amounts for {area}'s neighbourhoods "
                                                        f"cannot be more than the amount spent in {area}")

    def to_data(self):
        data = self.cleaned_data
        categories = [{"category": c.pk, "name": c.name, "amount": str(data[f"category_{c.pk}"]),
                       "narrative": data.get(f"category_{c.pk}_narrative", "").strip()}
                      for c in self.categories if data.get(f"category_{c.pk}") is not None]
        places = []
        for area in self.areas:
            if data.get(f"place_{area.pk}") is None:
                continue
            hoods = [{"name": data[f"neighbourhood_{n}"].strip(), "amount": str(data[f"neighbourhood_{n}_amount"])}
                     for n in range(1, NEIGHBOURHOODS + 1) if data.get(f"neighbourhood_{n}_place") == area.pk]
            places.append({"place": area.pk, "name": area.name, "amount": str(data[f"place_{area.pk}"]),
                           "neighbourhoods": hoods})
        return {"total_budget": data.get("total_budget"), "prevention_amount": data.get("prevention_amount"),
                "narrative": data.get("narrative", "").strip(), "categories": categories, "places": places}
