"""Dates in many languages and the day advice was given (pipeline.dates_i18n)."""

from __future__ import annotations

import datetime as dt

import pytest

from travelwatch.pipeline.dates_i18n import (
    dateline,
    find_dates,
    issued_date,
    issued_hit,
)

D = dt.date
# A Sunday: the reference day of the tests below.
REF = D(2025, 11, 16)


@pytest.mark.parametrize(
    ("language", "window", "expected"),
    [
        (
            "de",
            "Das Ministerium warnte am 14. November 2025 vor Reisen.",
            D(2025, 11, 14),
        ),
        ("es", "El ministerio emitió la alerta el 3 de marzo de 2024.", D(2024, 3, 3)),
        (
            "fr",
            "Le ministère a publié sa mise en garde le 9 avril 2023.",
            D(2023, 4, 9),
        ),
        ("it", "La Farnesina ha emesso l'avviso il 21 giugno 2022.", D(2022, 6, 21)),
        ("pt", "O governo emitiu o alerta em 5 de julho de 2021.", D(2021, 7, 5)),
        ("ru", "МИД предупредил граждан 2 октября 2024 года.", D(2024, 10, 2)),
        ("uk", "МЗС оновило рекомендації 7 березня 2023 року.", D(2023, 3, 7)),
        ("pl", "MSZ wydało ostrzeżenie 12 sierpnia 2025 r.", D(2025, 8, 12)),
        ("cs", "Ministerstvo varovalo před cestami 4. ledna 2024.", D(2024, 1, 4)),
        (
            "nl",
            "Buitenlandse Zaken heeft op 30 mei 2023 het reisadvies aangepast.",
            D(2023, 5, 30),
        ),
        ("tr", "Bakanlık 11 Ekim 2024 tarihinde bir uyarı yayımladı.", D(2024, 10, 11)),
        ("id", "Kemlu mengeluarkan imbauan pada 8 Agustus 2025.", D(2025, 8, 8)),
        ("ms", "Wisma Putra mengeluarkan nasihat pada 19 Mac 2024.", D(2024, 3, 19)),
        ("tl", "Naglabas ng abiso ang DFA noong Nobyembre 3, 2025.", D(2025, 11, 3)),
        (
            "vi",
            "Bộ Ngoại giao ban hành khuyến cáo ngày 2 tháng 9 năm 2025.",
            D(2025, 9, 2),
        ),
        ("ar", "أصدرت الوزارة تحذيرا في 6 مارس 2025.", D(2025, 3, 6)),
        ("he", "משרד החוץ פרסם אזהרה ב-14 בנובמבר 2025.", D(2025, 11, 14)),
        ("hi", "मंत्रालय ने 10 मई 2025 को एडवाइजरी जारी की।", D(2025, 5, 10)),
        ("fa", "وزارت خارجه در ۲۳ آبان ۱۴۰۴ هشدار داد.", D(2025, 11, 14)),
        ("th", "สถานทูตออกประกาศเตือนเมื่อ 27 พ.ย. 2566", D(2023, 11, 27)),
        ("ja", "外務省は2025年6月17日、危険情報を発出した。", D(2025, 6, 17)),
        ("ja", "外務省は令和7年1月20日に危険情報を更新した。", D(2025, 1, 20)),
        ("zh", "外交部于2024年3月8日发布提醒。", D(2024, 3, 8)),
        ("ko", "외교부는 2023년 8월 4일 여행경보를 발령했다.", D(2023, 8, 4)),
        ("ko", "외교부는 2023.8.4.(금)부터 여행경보를 조정하였다.", D(2023, 8, 4)),
        ("ro", "Ministerul a emis o avertizare pe 9 decembrie 2025.", D(2025, 12, 9)),
    ],
)
def test_explicit_dates_need_no_reference(
    language: str, window: str, expected: dt.date
) -> None:
    assert issued_date(window, language, published=None) == expected


@pytest.mark.parametrize(
    ("language", "window", "expected"),
    [
        ("es", "El ministerio actualizó la alerta el 24 de octubre.", D(2025, 10, 24)),
        ("de", "Das Auswärtige Amt warnte am 2. Februar vor Reisen.", D(2025, 2, 2)),
        ("pt", "O portal, atualizado a 16 de novembro, desaconselha viagens.", REF),
        ("zh", "外交部14日发布提醒，暂勿前往该国。", D(2025, 11, 14)),
        ("zh", "外交部11月3日发布提醒。", D(2025, 11, 3)),
        ("ja", "外務省は15日、危険情報を引き上げた。", D(2025, 11, 15)),
        ("ko", "외교부는 (14일) 여행경보를 발령했다.", D(2025, 11, 14)),
        ("ko", "외교부는 9월 30일 특별여행주의보를 발령했다.", D(2025, 9, 30)),
        ("id", "Kemlu mengeluarkan imbauan pada Jumat (14/11).", D(2025, 11, 14)),
        ("vi", "Bộ Ngoại giao ngày 12/11 đã khuyến cáo công dân.", D(2025, 11, 12)),
        # a day-and-month date well after the reference is last year's
        ("fr", "Le ministère a déconseillé ces voyages le 20 avril.", D(2025, 4, 20)),
        (
            "pt",
            "O governo divulgou neste sábado (15) uma lista de países.",
            D(2025, 11, 15),
        ),
    ],
)
def test_yearless_dates_take_the_year_of_the_reference(
    language: str, window: str, expected: dt.date
) -> None:
    assert issued_date(window, language, published=REF) == expected


@pytest.mark.parametrize(
    ("language", "window", "expected"),
    [
        (
            "es",
            "El ministerio emitió el miércoles una alerta de viaje.",
            D(2025, 11, 12),
        ),
        ("fr", "Le ministère a appelé vendredi à éviter ces voyages.", D(2025, 11, 14)),
        ("de", "Das Auswärtige Amt warnte am Sonntag vor Reisen.", REF),
        ("pt", "O governo alertou esta terça-feira para os riscos.", D(2025, 11, 11)),
        ("ru", "МИД в среду призвал граждан воздержаться от поездок.", D(2025, 11, 12)),
        ("pl", "MSZ w czwartek odradza podróże do tego kraju.", D(2025, 11, 13)),
        ("tr", "Bakanlık cuma günü bir uyarı yayımladı.", D(2025, 11, 14)),
        ("ar", "دعت الوزارة يوم الثلاثاء مواطنيها إلى عدم السفر.", D(2025, 11, 11)),
        ("he", "משרד החוץ הזהיר ביום שלישי מפני נסיעות.", D(2025, 11, 11)),
        (
            "id",
            "Kemlu pada Selasa mengimbau warga menunda perjalanan.",
            D(2025, 11, 11),
        ),
        (
            "ms",
            "Kedutaan dalam kenyataan Jumaat lalu menasihatkan rakyat.",
            D(2025, 11, 14),
        ),
        ("vi", "Bộ Ngoại giao hôm thứ Ba đã khuyến cáo công dân.", D(2025, 11, 11)),
        ("zh", "外交部星期三发布提醒。", D(2025, 11, 12)),
        ("ko", "외교부는 월요일 여행경보를 발령했다.", D(2025, 11, 10)),
        ("th", "สถานทูตออกประกาศเตือนเมื่อวันศุกร์", D(2025, 11, 14)),
        (
            "nl",
            "Buitenlandse Zaken heeft dinsdag het reisadvies aangepast.",
            D(2025, 11, 11),
        ),
    ],
)
def test_weekdays_are_the_latest_such_day_on_or_before_the_reference(
    language: str, window: str, expected: dt.date
) -> None:
    assert issued_date(window, language, published=REF) == expected


@pytest.mark.parametrize(
    ("language", "window"),
    [
        ("ru", "МИД вчера призвал граждан воздержаться от поездок."),
        ("uk", "МЗС учора закликало громадян утриматися від поїздок."),
        ("es", "El ministerio recomendó ayer no viajar a la zona."),
        ("fr", "Le ministère a déconseillé hier tout voyage."),
        ("de", "Das Auswärtige Amt hat gestern eine Reisewarnung herausgegeben."),
        ("it", "La Farnesina ha sconsigliato ieri i viaggi nel paese."),
        ("tr", "Bakanlık dün akşam bir uyarı yayımladı."),
        ("ar", "حذرت الخارجية أمس مواطنيها من السفر."),
        ("fa", "وزارت خارجه دیروز هشدار داد."),
        ("he", "משרד החוץ הזהיר אתמול מפני נסיעות."),
        ("ja", "外務省は昨日、危険情報を発出した。"),
        ("zh", "外交部昨天发布提醒。"),
        ("zh", "外交部昨（15）日发布提醒。"),
        ("ko", "외교부는 어제 여행경보를 발령했다."),
        ("vi", "Bộ Ngoại giao hôm qua đã khuyến cáo công dân."),
        ("ms", "Kedutaan menasihatkan rakyat Malaysia semalam."),
        ("id", "Kemlu kemarin mengeluarkan imbauan."),
        ("cs", "Ministerstvo včera varovalo před cestami."),
        ("nl", "Buitenlandse Zaken waarschuwde gisteren voor reizen."),
        ("pl", "MSZ wczoraj ostrzegło przed podróżami."),
        ("th", "สถานทูตประกาศเตือนเมื่อวานนี้"),
        ("tl", "Naglabas kahapon ang DFA ng abiso."),
    ],
)
def test_yesterday_is_the_day_before_the_reference(language: str, window: str) -> None:
    assert issued_date(window, language, published=REF) == D(2025, 11, 15)


@pytest.mark.parametrize(
    ("language", "window"),
    [
        ("es", "El ministerio emitió el miércoles una alerta de viaje."),
        ("ru", "МИД вчера призвал граждан воздержаться от поездок."),
        ("zh", "外交部14日发布提醒。"),
        ("ko", "외교부는 12월 3일 여행경보를 발령했다."),
        ("de", "Das Auswärtige Amt warnte am 2. Februar vor Reisen."),
        ("ja", "外務省は本日、危険情報を発出した。"),
    ],
)
def test_without_a_reference_relative_and_yearless_dates_give_none(
    language: str, window: str
) -> None:
    assert issued_date(window, language, published=None) is None


@pytest.mark.parametrize(
    ("language", "window"),
    [
        # a date that labels the page is the dateline, not the day of the advice
        ("es", "Actualizado 04/02/2019 El ministerio desaconseja viajar al país."),
        ("de", "Veröffentlicht: 20.07.2018 Das Auswärtige Amt rät von Reisen ab."),
        ("zh", "发布时间：2026-02-28 保安局更新外游警示。"),
        ("id", "date 2024-04-13 Pemerintah mengeluarkan travel warning."),
        # no advice wording near the date
        ("fr", "Le sommet du 12 mai 2024 a réuni dix pays."),
        # deadlines and states in force since then are not the day it was given
        ("es", "El ministerio recomienda no viajar hasta el 30 de junio de 2025."),
        (
            "pt",
            "As orientações, em vigor desde 19 de março de 2020, desaconselham viagens.",
        ),
        ("ja", "外務省は2025年12月31日まで渡航を止めるよう勧告している。"),
        # a weekday never resolves against nothing
        ("pl", "MSZ w czwartek odradza podróże."),
    ],
)
def test_dates_that_are_not_the_issue_date(language: str, window: str) -> None:
    assert issued_date(window, language, published=None) is None


def test_a_yearless_date_long_after_the_reference_is_last_years() -> None:
    window = "La alerta fue emitida el 20 de diciembre."
    assert issued_date(window, "es", published=D(2025, 2, 1)) == D(2024, 12, 20)


def test_a_yearless_date_just_after_the_reference_is_an_event_ahead() -> None:
    window = "La alerta fue emitida el 20 de diciembre."
    assert issued_date(window, "es", published=REF) is None


def test_a_day_after_the_reference_is_not_the_issue_date() -> None:
    window = "El ministerio emitió la alerta el 20 de noviembre de 2025."
    assert issued_date(window, "es", published=REF) is None


def test_the_date_nearest_the_advice_wording_wins() -> None:
    window = (
        "Los ataques del 10 de noviembre de 2025 causaron daños. "
        "El ministerio emitió una alerta de viaje el 12 de noviembre de 2025."
    )
    assert issued_date(window, "es", published=REF) == D(2025, 11, 12)


def test_a_start_date_is_taken_only_when_nothing_else_is() -> None:
    window = "외교부는 15일 밝혔다. 16일부터 여행경보를 발령한다고 밝혔다."
    assert issued_date(window, "ko", published=REF) == D(2025, 11, 15)


def test_the_dateline_is_the_reference_before_the_published_date() -> None:
    text = (
        "MOSKVA\n\n1 апреля 2016\n\nМИД вчера призвал граждан воздержаться от поездок."
    )
    window = "МИД вчера призвал граждан воздержаться от поездок."
    assert issued_date(window, "ru", published=REF, text=text) == D(2016, 3, 31)


def test_the_dateline_repeated_in_the_window_is_not_the_issue_date() -> None:
    text = "Dünya\n\n29 Mart 2024 11:39\n\nBakanlık bir uyarı yayımladı."
    window = "Bakanlık bir uyarı yayımladı. 29 Mart 2024 11:39"
    assert issued_date(window, "tr", published=None, text=text) is None


def test_a_year_and_month_line_dates_a_day_with_its_month_only() -> None:
    text = " date 2019-04 Bộ Ngoại giao hôm thứ Ba (16/4) thông báo cảnh báo."
    assert issued_date(text, "vi", published=None, text=text) == D(2019, 4, 16)
    other = " date 2019-04 Bộ Ngoại giao hôm qua thông báo cảnh báo."
    assert issued_date(other, "vi", published=None, text=other) is None


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "es",
            "Actualizado 04/02/2019 13:27\n\nEspaña desaconseja viajar.",
            D(2019, 2, 4),
        ),
        ("de", "von dpa\n\n20. Juli 2018, 20:20 Uhr\n\nDas Amt warnt.", D(2018, 7, 20)),
        ("ms", "Selasa, 15 Julai 2014\n\nUK nasihat hindari pulau.", D(2014, 7, 15)),
        ("zh", "admin | 2023-11-19 20:39:22 | 0\n\n外交部提醒。", D(2023, 11, 19)),
        ("th", "ข่าว\nวันที่ 27 พ.ย. 2566\nสถานทูตเตือน", D(2023, 11, 27)),
        (
            "id",
            " date 2024-04-13 Pemerintah mengeluarkan travel warning.",
            D(2024, 4, 13),
        ),
        (
            "ru",
            "Главная\n\n1 апреля 2016. Разместил: admin\n\nМИД предупреждает.",
            D(2016, 4, 1),
        ),
    ],
)
def test_dateline(language: str, text: str, expected: dt.date) -> None:
    assert dateline(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # a date inside a sentence of the story is not the page's date
        (
            "ja",
            "外務省は2025年6月17日、イラン全土に対し危険情報の最高レベルである退避勧告を発出した。",
        ),
        ("es", "El ministerio recomienda no viajar.\n\nLa alerta sigue vigente."),
        # a dateline without a year is not a full date
        ("es", "MADRID, 4 Feb. (EUROPA PRESS) -\n\nEl ministerio desaconseja viajar."),
    ],
)
def test_no_dateline(language: str, text: str) -> None:
    assert dateline(text, language) is None


@pytest.mark.parametrize(
    ("language", "text", "written", "relative"),
    [
        ("ru", "Это было 1 апреля 2016 года.", "1 апреля 2016", False),
        ("ar", "الثلاثاء 23 فبراير/شباط 2016", "الثلاثاء 23 فبراير/شباط 2016", False),
        ("ar", "وقال المتحدث أمس", "أمس", True),
        ("fa", "۱۴ نوامبر ۲۰۲۵", "۱۴ نوامبر ۲۰۲۵", False),
        ("id", "Selasa (15/5/2018)", "Selasa (15/5/2018", False),
        ("zh", "昨天", "昨天", True),
    ],
)
def test_find_dates_spans(
    language: str, text: str, written: str, relative: bool
) -> None:
    found = find_dates(text, language, reference=REF)
    assert [(text[m.start : m.end], m.relative) for m in found] == [(written, relative)]


def test_find_dates_leave_unfixed_dates_as_none() -> None:
    found = find_dates("外交部14日发布提醒，2024年3月8日", "zh", reference=None)
    assert [m.date for m in found] == [None, D(2024, 3, 8)]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # "Minggu" is Sunday, "minggu" a week; "lần thứ hai" a second time
        ("id", "dalam dua minggu terakhir"),
        ("vi", "lần thứ hai trong năm"),
        # a duration in days is not a day of the month
        ("ja", "14日間の滞在"),
        ("ko", "3일간 머물렀다"),
    ],
)
def test_words_that_only_look_like_dates(language: str, text: str) -> None:
    assert find_dates(text, language, reference=REF) == []


def test_a_full_date_in_a_language_without_a_word_table_is_read_by_dateparser() -> None:
    found = find_dates(
        "Ministerstvo vydalo varovanie 14. novembra 2025.", "sk", reference=None
    )
    assert [m.date for m in found] == [D(2025, 11, 14)]


def test_a_date_a_government_plans_for_is_not_the_issue_date() -> None:
    # Polish "na 12 października": for October 12 (planned rallies), not on it.
    window = "MSZ ostrzegł przed wiecami zaplanowanymi na 12 października."
    assert issued_date(window, "pl", published=D(2019, 10, 31)) is None


def test_a_warning_noun_with_its_alternating_consonant_is_advice_wording() -> None:
    window = "Ostrzeżenie dla podróżnych ogłoszono w piątek."
    assert issued_date(window, "pl", published=REF) == D(2025, 11, 14)


def test_a_printed_page_date_in_the_window_is_excluded_by_span() -> None:
    window = "14 Ekim 2022 08:05 Bakanlık bir uyarı yayımladı."
    assert issued_hit(window, "tr", reference=None) is not None
    assert issued_hit(window, "tr", reference=None, exclude=[(0, 12)]) is None


def test_issued_hit_says_where_the_date_is_written() -> None:
    window = "Das Auswärtige Amt warnte am 14. November 2025 vor Reisen."
    found = issued_hit(window, "de", reference=None)
    assert found is not None
    day, start, end = found
    assert (day, window[start:end]) == (D(2025, 11, 14), "14. November 2025")
