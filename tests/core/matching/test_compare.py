"""The matcher on the cases the issue names: each asserts the verdict and the evidence."""

from __future__ import annotations

import pytest

from entanglements.core.errors import BadInputError
from entanglements.core.matching import DEFAULT_THRESHOLD, Party, compare


def person(name: str, **facts: object) -> Party:
    return Party.build(kind="Person", name=name, **facts)  # type: ignore[arg-type]


def org(name: str, kind: str = "Organization", **facts: object) -> Party:
    return Party.build(kind=kind, name=name, **facts)  # type: ignore[arg-type]


def test_word_order_and_last_comma_first() -> None:
    result = compare(person("Vladimir Putin"), person("PUTIN, Vladimir"))
    assert result.match and result.score == 1.0
    assert "putin=putin (exact)" in result.explanation


def test_cyrillic_against_latin() -> None:
    result = compare(person("Vladimir Putin"), person("Владимир Путин"))
    assert result.match
    assert "(transliterated)" in result.explanation


def test_arabic_against_latin() -> None:
    result = compare(person("Hassan bin Yousef Nassief"), person("حسن بن يوسف نصيف"))
    assert result.match
    assert "consonants" in result.explanation


def test_chinese_against_pinyin() -> None:
    result = compare(person("Xi Jinping"), person("习近平"))
    assert result.match
    assert "joined" in result.explanation


def test_diacritics_and_spelling() -> None:
    assert compare(person("Hans Müller"), person("Hans Muller")).score == 1.0
    result = compare(person("Mohammed Aly"), person("Muhammad Ali"))
    assert result.match


def test_initials() -> None:
    result = compare(person("J. Smith"), person("John Smith"))
    assert result.match and "j=john (initial)" in result.explanation
    assert not compare(person("K. Smith"), person("John Smith")).match


def test_different_given_names_contradict() -> None:
    assert not compare(person("John K Smith"), person("John R Smith")).match


def test_legal_forms_are_classes_not_evidence() -> None:
    assert compare(org("OOO Rosneft", "Company"), org("Rosneft LLC", "Company")).score == 1.0
    assert compare(org("Dawning GmbH", "Company"), org("Dawning Ltd", "Company")).match
    assert not compare(org("LLC", "Company"), org("Alpha LLC", "Company")).match
    chinese = compare(org("曙光信息产业股份有限公司"), org("曙光信息产业"))
    assert chinese.score == 1.0


def test_numbers_must_agree() -> None:
    result = compare(org("Victory 3", "Vessel"), org("Victory", "Vessel"))
    assert not result.match
    assert "numbers differ" in result.explanation
    assert compare(org("Victory 3", "Vessel"), org("VICTORY 3", "Vessel")).match


def test_person_is_not_a_company() -> None:
    result = compare(person("Emma"), org("EMMA LLC", "Company"))
    assert result.score == 0.0 and not result.match
    generic = compare(person("Emma"), org("EMMA LLC", "LegalEntity"))
    assert not generic.match and "legal form" in generic.explanation


def test_one_common_word_is_not_a_person() -> None:
    result = compare(person("Emma"), person("Emma Watson"))
    assert not result.match and "only one word in common" in result.explanation


def test_sibling_institutions_stay_apart() -> None:
    query = org("Xi'an Jiaotong University", "LegalEntity")
    assert not compare(query, org("Xi'an Jiaotong-Liverpool University")).match
    assert compare(query, org("XI'AN JIAOTONG UNIVERSITY")).match
    assert not compare(org("Commercial Bank of Syria"), org("Central Bank of Syria")).match


def test_short_name_of_a_company_matches_its_full_name() -> None:
    assert compare(org("Huawei", "LegalEntity"), org("Huawei Technologies Co., Ltd.")).match


def test_birth_dates_qualify() -> None:
    query = person("Hans Muller", birth_dates=["1970-01-02"])
    same = compare(query, person("Hans Muller", birth_dates=["1970-01-02"]))
    other = compare(query, person("Hans Muller", birth_dates=["1982"]))
    assert same.score == 1.0 and "born the same day" in same.explanation
    assert other.score < same.score and not other.match
    assert [f.weight for f in other.features if f.name == "birthDate"] == [-0.35]


def test_countries_qualify() -> None:
    base = compare(org("Alpha Trading"), org("Alpha Trading"))
    differ = compare(org("Alpha Trading", countries=["cn"]), org("Alpha Trading", countries=["ru"]))
    assert differ.score < base.score and "countries differ" in differ.explanation


def test_identifier_hit_is_evidence_on_its_own() -> None:
    result = compare(
        org("Sugon", "LegalEntity", identifiers=["IMO 9305609"]),
        org("Dawning Information Industry", "Company", identifiers=["9305609"]),
    )
    assert result.match and "identifier" in result.explanation


def test_weak_aliases_weigh_less() -> None:
    candidate = Party.build(kind="Person", name="Ali Hassan", weak_aliases=["Abu Ali"])
    result = compare(person("Abu Ali"), candidate)
    weak = [f for f in result.features if f.name == "weakAlias"]
    assert weak and weak[0].weight < 1.0
    assert result.score == pytest.approx(weak[0].score * weak[0].weight)


def test_score_is_recomputable_from_features() -> None:
    result = compare(
        person("Hans Muller", countries=["de"]), person("Hans Mueller", countries=["de"])
    )
    mains = [f.score * f.weight for f in result.features if not f.qualifier]
    quals = [f.score * f.weight for f in result.features if f.qualifier]
    assert result.score == pytest.approx(min(1.0, max(mains) + sum(quals)), abs=1e-4)
    assert result.match == (result.score >= DEFAULT_THRESHOLD)


def test_deterministic() -> None:
    a, b = person("Abdul Rahman Al Rashed"), person("Abdulrahman Al-Rashed")
    assert len({compare(a, b).explanation for _ in range(5)}) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "may not be empty"),
        ({"name": "  --- ...  "}, "no letter or digit"),
        ({"name": "x" * 10_000}, "at most"),
        ({"name": "Alpha", "kind": "Spaceship"}, "unknown kind"),
        ({"name": "Alpha", "birth_dates": ["1970-13-01"]}, "birth date"),
        ({"name": "Alpha", "countries": ["China"]}, "ISO 3166"),
    ],
)
def test_bad_input(fields: dict[str, object], message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        Party.build(**fields)  # type: ignore[arg-type]
