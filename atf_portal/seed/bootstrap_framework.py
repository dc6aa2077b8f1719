"""The framework documents' quoted content (fixtures/framework.json) as `FrameworkItem` records.

Each item is found by its kind and order; an item that exists is left as the team has it.
"""

from atf_portal.framework.models import FrameworkItem, Principle, SystemRecommendation, Theme

Kind = FrameworkItem.Kind

# framework.json section -> (kind, how an item's fields are read)
LISTS = {
    "aims": (Kind.AIM, lambda item: {"text": item["text"]}),
    "focus_programmes": (Kind.FOCUS_PROGRAMME, lambda item: {
        "title": item["title"], "text": item["description"], "note": item["link_note"]}),
    "case_studies": (Kind.CASE_STUDY, lambda item: {
        "title": item["title"], "text": item["summary"], "place": item["place"], "lead": item["organisation"]}),
    "indicator_work_needed": (Kind.INDICATOR_WORK, lambda item: {"number": item["number"], "text": item["text"]}),
    "neighbourhood_objectives": (Kind.NEIGHBOURHOOD_OBJECTIVE, lambda item: {
        "number": str(item["number"]), "text": item["text"]}),
    "neighbourhood_principles": (Kind.NEIGHBOURHOOD_PRINCIPLE, lambda item: {
        "number": str(item["number"]), "title": item["title"], "text": item["description"],
        "examples": item["examples"]}),
    "neighbourhood_enablers": (Kind.NEIGHBOURHOOD_ENABLER, lambda item: {
        "number": str(item["number"]), "title": item["title"], "text": item["description"]}),
}
SINGLE = {
    "vision": Kind.VISION, "mission": Kind.MISSION, "neighbourhood_aim": Kind.NEIGHBOURHOOD_AIM,
    "baseline_proposal": Kind.BASELINE_PROPOSAL,
}


def load_framework(data):
    """Create the items not yet loaded; return (number created, {focus programme item: delivery-plan refs})."""
    existing = set(FrameworkItem.objects.values_list("kind", "order"))
    created, focus_refs = 0, {}

    def add(kind, order, fields, themes=(), recommendations=(), parent=None):
        nonlocal created
        if (kind, order) in existing:
            return None
        item = FrameworkItem.objects.create(kind=kind, order=order, parent=parent, **fields)
        item.themes.set(Theme.objects.filter(number__in=themes))
        item.system_recommendations.set(SystemRecommendation.objects.filter(number__in=recommendations))
        created += 1
        return item

    for key, kind in SINGLE.items():
        section = data[key]
        add(kind, 1, {"text": section["text"], "source": section["source"], "number": section.get("number", "")})
    for key, (kind, read) in LISTS.items():
        for order, item in enumerate(data[key]["items"], 1):
            made = add(kind, order, {**read(item), "source": item["source"]})
            if made and kind == Kind.FOCUS_PROGRAMME:
                focus_refs[made] = item["delivery_plan_refs"]
            if made and kind == Kind.CASE_STUDY:
                made.principle = Principle.objects.filter(number=item["principle"]).first()
                made.save(update_fields=["principle"])
    _load_findings(data["stocktake_findings"]["items"], add)
    _withdraw_leads(data["case_studies"]["items"])
    return created, focus_refs


def _withdraw_leads(items):
    """A case study's lead an earlier release guessed (the text names no lead) is replaced by the fixture's,
    while the item still holds the guess; a lead the team typed is kept."""
    for order, item in enumerate(items, 1):
        guessed = item.get("withdrawn", {}).get("organisation")
        if guessed:
            FrameworkItem.objects.filter(kind=Kind.CASE_STUDY, order=order, lead=guessed).update(
                lead=item["organisation"])


def _load_findings(findings, add):
    point_order = 0
    for order, finding in enumerate(findings, 1):
        fields = {"number": finding["number"], "text": finding["text"], "source": finding["source"]}
        parent = add(Kind.STOCKTAKE_FINDING, order, fields, finding["themes"]) or FrameworkItem.objects.get(
            kind=Kind.STOCKTAKE_FINDING, order=order)
        for point in finding["points"]:
            point_order += 1
            fields = {"number": point["number"], "text": point["text"], "source": point["source"]}
            add(Kind.STOCKTAKE_POINT, point_order, fields, point["themes"], point.get("system_recommendations", ()),
                parent=parent)


def focus_links_by_ref(data):
    """{delivery-plan ref: [focus programme order]} from framework.json."""
    links = {}
    for order, item in enumerate(data["focus_programmes"]["items"], 1):
        for ref in item["delivery_plan_refs"]:
            links.setdefault(ref, []).append(order)
    return links
