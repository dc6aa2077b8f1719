"""Every programme row of the Annual Delivery Plan 2024-25 (001), recovered from the PDF text, under its theme."""

import pytest

from programmes.models import Programme

pytestmark = pytest.mark.django_db

DELIVERY_PLAN_ROWS = {
    1: [
        "Health and Care Partnership Child Health Equity Collaborative Healthy Equity Framework",
        "Health and Care Partnership Child and Family Poverty Report",
        "Family Hubs / Children's Centres",
        "Expansion of Specialist Parent-Infant Relationship Support Services",
        "Healthy Child Programme",
        "Tackling Inequalities in Immunisation / Vaccinations",
        "Ensuring Continuity of Care for Mothers between services (Family Nurse Partnership Programme) Maternity / Midwifery",
        "Early identific[...] of SEN (Specia[...] Educati[...] Needs [...] Disabili…",
        "Cheshire and Wirral Partnership / CANDDID (Centre for Autism, Neuro-Developmental Disorders, and Intellectual Disability) development of DNAT-SEN assessment tool (The Dynamic Needs Assessment tool for the Special Educational Population) Currently in pilot stage",
        "Young Carers",
        "Support for Children in Care/Care-Experienced Young People in health care across the C&M footprint",
    ],
    2: [
        "Cradle to Career",
        "Skills Development",
        "Apprenticeship Levy & Skills Portal",
        "Care Leavers Covenant",
        "Corporate parenting",
        "Appropriate Places of Care - Children and Young People",
        "Short Breaks and Respite - Transforming Care Children and Young People Programme",
        "Mental Health in Schools Programme",
        "Children and Young People Intensive Support Function (Learning Disabilities and Autism)",
        "Positive Behaviour Support Service - Cheshire and Merseyside",
        "Dynamic Support Keyworker Function",
        "Preparing for Inclusion of Neurodiversity in Schools (PINS)",
        "Autism in Schools project",
    ],
    3: [
        "Economies for Healthier Lives",
        "Health and Care Partnership Work and Health Partnership Development of Work and Health Strategy (WorkWell)",
        "Fair Employment Charter Liverpool City Region Combined Authority",
        "Fair Employment Charter Cheshire and Warrington",
        "Health and Care Partnership NHS Prevention Pledge",
        "Workforce and Economic Recovery Group",
        "Careers Hub and wider Pledge Partnership",
        "Jobs Portal",
        "Careers Hub and wider Pledge Partnership",
        "Musculoskeletal Health Employment Advisors",
    ],
    4: [
        "Cheshire & Warrington Economic Plan",
        "LCR Local Growth Plan (in scoping stage – to be developed)",
        "Learning from Children and Young People e.g. 2024 Hope Hack Reflection Report - Young Person's Advisory Service YPAS)",
        "Skills bootcamps",
        "Universal Support Programme - Cheshire and Warrington and Liverpool City Region Combined Authority Programme",
    ],
    5: [
        "Housing - Recovery Programme Mental Health System Flow work - supporting people with Learning Disability and /or Autism",
        "Health and Care Partnership Health and Housing Collaborative",
        "One Public Estate",
        "Liverpool City Regi[...] Combine[...] Authority Local Transport Plan",
        "Liverpoo[...] City Reg[...] Combine[...] Authority Spatial Develop[...] Strategy",
        "Health C[...] Partners[...] Serious Violence Duty (SV…",
    ],
    6: [
        "[No name in the source: CVD Prevention Board row]",
        "Health and Care Partnership All Together Fairer Smokefree Programme",
        "Health and Care Partnership • All Together Active",
        "Suicide Prevention",
    ],
    7: [
        "Cheshire, Halton & Warrington Race & Equality Centre (CHAWREC)",
        "Liverpool City Region Combined Authority Race Equality Programme (LCRCA REP)",
        "Anti-Racism Framework",
        "Cheshire and Merseyside Race Priorities for the LeDeR Programme",
        "Patient and Carer Race Equality Framework",
    ],
    8: [
        "Liverpool City Region Combined Authority Climate Change Programme",
        "Cheshire and Warrington Climate Change Programme Local Area Energy Planning Natural Capital Programme "
        "Housing retrofit programme",
        "Health and Care Partnership Social Values/Sustainability Anchors Programme",
        "…he Green …lan",
    ],
}


def test_every_delivery_plan_row_is_present_under_its_theme():
    for theme, names in DELIVERY_PLAN_ROWS.items():
        loaded = list(Programme.objects.filter(theme__number=theme).values_list("name", flat=True))
        assert loaded == names, f"theme {theme}"


def test_rows_the_plan_marks_pending_information_are_kept_as_pending():
    pending = set(Programme.objects.filter(status=Programme.Status.PENDING).values_list("name", flat=True))
    assert {"Young Carers", "Apprenticeship Levy & Skills Portal"} <= pending
    assert any(name.startswith("Universal Support Programme") for name in pending)


def test_hcp_led_rows_are_the_ones_named_health_and_care_partnership():
    # 5/06's name is cut in the source and kept with its marks: "Health C[...] Partners[...] ..."
    for programme in Programme.objects.all():
        named = programme.name.startswith(("Health and Care Partnership", "Health C[...] Partners[...]"))
        assert programme.hcp_led == named, programme.name


def test_links_are_only_those_the_rows_themselves_make():
    linked = {p.source_ref: sorted(i.number for i in p.indicators.all()) for p in Programme.objects.linked()}
    assert linked == {
        "DP2024-25/1/01": [3, 4],
        "DP2024-25/1/02": [3, 4],
        "DP2024-25/2/01": [5, 6, 7, 8, 9],
        "DP2024-25/3/01": [10, 11, 12, 13],
        "DP2024-25/4/01": [14, 15, 16],
        "DP2024-25/5/01": [17],
        "DP2024-25/6/01": [7, 18, 19],
        "DP2024-25/7/01": [20],
        "DP2024-25/8/01": [21, 22],
    }
    assert Programme.objects.unlinked().count() == Programme.objects.count() - 9


def test_a_row_keeps_its_board_partners_and_ambitions():
    pledge = Programme.objects.get(name="Economies for Healthier Lives")
    assert [b.name for b in pledge.boards.all()] == ["Liverpool City Region Combined Authority"]
    assert "University of Liverpool" in {o.name for o in pledge.partners.all()}
    assert {a.title for a in pledge.ambitions.all()} >= {"Work", "Social Value"}
    assert {p.name for p in pledge.places.all()} == {"Halton", "Knowsley", "Liverpool", "St Helens", "Sefton", "Wirral"}
