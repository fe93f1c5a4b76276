"""Issue 26: one name across transliteration systems and scripts, name parts by role,
organisation qualifiers as their own feature. Each asserts the verdict and the evidence."""

from __future__ import annotations

import pickle

import pytest

from entanglements.core.matching import Party, compare
from entanglements.core.matching.analysis import split_qualifier
from entanglements.core.matching.translit import is_patronymic, latin_forms, translit_key


def person(name: str) -> Party:
    return Party.build(kind="Person", name=name)


def org(name: str, kind: str = "Organization") -> Party:
    return Party.build(kind=kind, name=name)


@pytest.mark.parametrize(
    "a, b",
    [
        # BGN, ISO 9 (ASCII), ICAO, Wikipedia, a German-looking j, the Cyrillic itself
        ("Yuriy Valentinovich Kovalchuk", "Iurii Valentinovich Kovalchuk"),
        ("Yuriy Valentinovich Kovalchuk", "Jurij Valentinovič Kovalčuk"),
        ("Tatyana Vladimirovna ZHURAVLEVA", "Tatiana Vladimirovna ZJURAVLEVA"),
        ("Юрий Валентинович Ковальчук", "KOVALCHUK, Yury Valentinovich"),
        ("Gennadiy Timchenko", "TIMCHENKO, Gennady Nikolayevich"),  # without the patronymic
        ("KRATOV D.B.", "KRATOV, Dmitry Borisovich"),  # initials written together
        ("Ю. Д. Ивакин", "IVAKIN, Yurij"),  # a Cyrillic initial reads "yu"
    ],
)
def test_one_russian_name_many_spellings(a: str, b: str) -> None:
    result = compare(person(a), person(b))
    assert result.match, result.explanation


def test_transliteration_systems_are_named_in_the_explanation() -> None:
    result = compare(person("Ivan Tsertsel"), person("Ivan Cercel"))
    assert result.match
    assert "tsertsel=cercel (transliteration variant)" in result.explanation


def test_different_patronymics_are_different_people() -> None:
    result = compare(person("Ruben Albertovich Tatulian"), person("TATULIAN Ruben Aleksandrovich"))
    assert not result.match, result.explanation


def test_an_initial_never_stands_for_the_family_name() -> None:
    result = compare(person("A. A. Nagibin"), person("A. N. Andreyev"))
    assert not result.match, result.explanation
    assert "=andreyev (initial)" not in result.explanation


def test_a_family_name_left_over_is_another_person() -> None:
    assert not compare(person("Svetlana Borodulina"), person("Svetlana B. Savchenko")).match


def test_dutch_and_german_legal_forms_are_initials_in_a_persons_name() -> None:
    assert compare(person("KOLOSOV B.V."), person("Bogdan Vladimirovich Kolosov")).match


def test_folding_comes_from_icu_tables() -> None:
    assert translit_key("Khristoforov") == translit_key("Hristoforov")
    assert translit_key("Yuriy") == translit_key("Iurii") == translit_key("Jurij")
    assert translit_key("Zhuravleva") == translit_key("Žuravleva")
    assert {"yuriy", "urij"} <= set(latin_forms("юрий"))
    assert is_patronymic(translit_key("Vladimirovna"))
    assert not is_patronymic(translit_key("Putin"))


@pytest.mark.parametrize(
    "text, core, qualifier",
    [
        (
            "Shanghai Institute of Microsystem and Information Technology, Chinese Academy of "
            "Sciences",
            "Shanghai Institute of Microsystem and Information Technology",
            "Chinese Academy of Sciences",
        ),
        ("Huawei Technologies (Beijing)", "Huawei Technologies", "Beijing"),
        (
            "Aerospace Securities Co., Ltd., CASIC Group",
            "Aerospace Securities Co., Ltd.",
            "CASIC Group",
        ),
        (
            "Institute of Chemical Defense of the Ministry of Defence",
            "Institute of Chemical Defense",
            "of the Ministry of Defence",
        ),
    ],
)
def test_qualifiers_are_cut_off(text: str, core: str, qualifier: str) -> None:
    assert split_qualifier(text) == (core, qualifier)


@pytest.mark.parametrize(
    "text",
    [
        "BANCO NACIONAL DE CUBA, S.A.",
        "Xi'an Jiaotong-Liverpool University (XJTLU)",
        "AIRCRAFT, AVIONICS, PARTS & SUPPORT LTD.",
        "Huawei Technologies Co., Ltd.",
    ],
)
def test_legal_forms_acronyms_and_lists_are_not_qualifiers(text: str) -> None:
    assert split_qualifier(text) is None


def test_entity_list_form_with_its_parent_matches() -> None:
    result = compare(
        org("Shanghai Institute of Microsystem and Information Technology", "LegalEntity"),
        org(
            "Shanghai Institute of Microsystem and Information Technology, "
            "Chinese Academy of Sciences"
        ),
    )
    assert result.match and result.score == 0.95
    feature = next(f for f in result.features if f.name == "orgQualifier")
    assert feature.weight == -0.05 and feature.qualifier
    assert "qualifier only in candidate: 'Chinese Academy of Sciences'" in result.explanation


def test_siblings_and_parents_stay_apart() -> None:
    assert not compare(
        org("Xi'an Jiaotong University"), org("Xi'an Jiaotong-Liverpool University")
    ).match
    parent = compare(
        org("Academy of Military Science"),
        org("Academy of Military Medical Sciences, Academy of Military Science"),
    )
    assert not parent.match and "parent" in parent.explanation
    branches = compare(org("Huawei Technologies (Beijing)"), org("Huawei Technologies (Shanghai)"))
    assert not branches.match and "qualifiers differ" in branches.explanation


def test_a_place_in_brackets_is_not_a_name_of_its_own() -> None:
    """'(Wuhan)' once counted as a name and matched every other '… (Wuhan)'."""
    result = compare(
        org("China University of Geosciences (Wuhan)"),
        org("Key Laboratory of Geological Exploration, China University of Geosciences (Wuhan)"),
    )
    assert not result.match, result.explanation


def test_results_and_parties_pickle() -> None:
    """A worker pool sends parties in and comparisons out."""
    a, b = person("Юрий Ковальчук"), person("Yuriy Kovalchuk")
    result = compare(a, b)
    assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301 (our own bytes)
    assert compare(*pickle.loads(pickle.dumps((a, b)))) == result  # noqa: S301
