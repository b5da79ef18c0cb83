"""Per-language advice wording cues (travelwatch/data/lexicon/i18n/*.json).

Every example sentence is written for these tests; none comes from the corpus.
"""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from travelwatch import models
from travelwatch.pipeline.wording_i18n import (
    Cue,
    find_cues,
    home_government,
    wording_languages,
)

REQUIRED = {"en", "ar", "de", "es", "fr", "hi", "it", "ja", "ko", "pl", "pt", "ru"}
REQUIRED |= {"tr", "uk", "zh", "id", "tl", "he", "vi", "ms"}
ACTIONS = set(models.ACTIONS)
REASONS = set(models.REASONS)
CHANGES = set(models.CHANGES)


def _find(text: str, lang: str, kind: str, fragment: str) -> list[Cue]:
    """Cues of ``kind`` whose matched text contains ``fragment``."""
    return [
        c
        for c in find_cues(text, lang)
        if c.kind == kind and fragment.lower() in text[c.start : c.end].lower()
    ]


# (language, sentence, fragment inside the advice cue, expected action)
ADVICE = [
    (
        "en",
        "Officials told citizens to leave the country immediately.",
        "leave",
        "leave_immediately",
    ),
    (
        "en",
        "The ministry advises against all non-essential travel to Chad.",
        "non-essential travel",
        "avoid_nonessential_travel",
    ),
    (
        "en",
        "Canberra now says do not travel to Niger.",
        "do not travel",
        "avoid_all_travel",
    ),
    (
        "en",
        "Travellers should reconsider their need to travel to Haiti.",
        "reconsider",
        "reconsider_travel",
    ),
    (
        "en",
        "Visitors should exercise a high degree of caution in Peru.",
        "high degree of caution",
        "increased_caution",
    ),
    (
        "en",
        "Tourists can exercise normal precautions in Iceland.",
        "normal precautions",
        "normal_precautions",
    ),
    (
        "de",
        "Das Auswärtige Amt rät von nicht notwendigen Reisen nach Mali ab.",
        "nicht notwendigen Reisen",
        "avoid_nonessential_travel",
    ),
    (
        "de",
        "Deutsche sollen das Land sofort verlassen.",
        "sofort verlassen",
        "leave_immediately",
    ),
    (
        "de",
        "Berlin hat eine Reisewarnung für Syrien ausgesprochen.",
        "Reisewarnung",
        "avoid_all_travel",
    ),
    (
        "fr",
        "Paris déconseille formellement les voyages au Niger.",
        "formellement",
        "avoid_all_travel",
    ),
    (
        "fr",
        "Le Quai d'Orsay déconseille ce pays sauf raison impérative.",
        "sauf raison impérative",
        "avoid_nonessential_travel",
    ),
    (
        "fr",
        "Les Français sont invités à quitter le pays sans délai.",
        "quitter",
        "leave_immediately",
    ),
    ("es", "La Cancillería pide no viajar a Haití.", "no viajar", "avoid_all_travel"),
    (
        "es",
        "Recomienda evitar todo viaje no esencial a Sudán.",
        "no esencial",
        "avoid_nonessential_travel",
    ),
    (
        "es",
        "El Departamento de Estado sugiere reconsiderar el viaje a Perú.",
        "reconsiderar",
        "reconsider_travel",
    ),
    (
        "it",
        "La Farnesina sconsiglia i viaggi a qualsiasi titolo in Libia.",
        "qualsiasi",
        "avoid_all_travel",
    ),
    (
        "it",
        "Gli italiani sono invitati a lasciare il Paese al più presto.",
        "lasciare",
        "leave_immediately",
    ),
    (
        "pt",
        "O Itamaraty recomenda não viajar ao Irã.",
        "não viajar",
        "avoid_all_travel",
    ),
    (
        "pt",
        "Evite viagens não essenciais ao Haiti.",
        "não essenciais",
        "avoid_nonessential_travel",
    ),
    (
        "ru",
        "МИД рекомендует воздержаться от поездок в Непал.",
        "воздержаться от поездок",
        "avoid_all_travel",
    ),
    (
        "ru",
        "Россиянам советуют немедленно покинуть страну.",
        "немедленно покинуть",
        "leave_immediately",
    ),
    (
        "ru",
        "Туристам стоит проявлять повышенную осторожность.",
        "осторожность",
        "increased_caution",
    ),
    (
        "uk",
        "МЗС радить утриматися від поїздок до Лівану.",
        "утриматися від поїздок",
        "avoid_all_travel",
    ),
    (
        "uk",
        "Українцям радять негайно залишити країну.",
        "негайно залишити",
        "leave_immediately",
    ),
    (
        "pl",
        "MSZ odradza wszelkie podróże do Iranu.",
        "odradza wszelkie",
        "avoid_all_travel",
    ),
    (
        "pl",
        "Resort odradza podróże, które nie są konieczne.",
        "nie są konieczne",
        "avoid_nonessential_travel",
    ),
    (
        "tr",
        "Vatandaşların zorunlu olmadıkça Nijer'e gitmemesi istendi.",
        "zorunlu olmadıkça",
        "avoid_nonessential_travel",
    ),
    (
        "tr",
        "Bakanlık, vatandaşların ülkeyi terk etmelerini istedi.",
        "ülkeyi terk",
        "leave_immediately",
    ),
    (
        "ar",
        "دعت الوزارة المواطنين إلى عدم السفر إلى السودان.",
        "عدم السفر",
        "avoid_all_travel",
    ),
    ("ar", "وطالبت المقيمين هناك بالمغادرة فوراً.", "المغادرة فور", "leave_immediately"),
    (
        "ar",
        "ونصحت بتجنب السفر إلا للضرورة القصوى.",
        "إلا للضرورة",
        "avoid_nonessential_travel",
    ),
    ("ar", "وحثت رعاياها على توخي الحذر.", "توخي الحذر", "increased_caution"),
    (
        "hi",
        "मंत्रालय ने कहा कि नागरिक वहां की यात्रा न करें।",
        "यात्रा न कर",
        "avoid_all_travel",
    ),
    (
        "hi",
        "लोगों को गैर-जरूरी यात्रा से बचने को कहा गया।",
        "गैर-जरूरी",
        "avoid_nonessential_travel",
    ),
    ("hi", "भारतीयों से तुरंत देश छोड़ने को कहा गया।", "छोड़", "leave_immediately"),
    (
        "ja",
        "外務省は不要不急の渡航は止めるよう求めた。",
        "不要不急の渡航",
        "avoid_nonessential_travel",
    ),
    (
        "ja",
        "政府は同国への渡航は止めてくださいと呼びかけた。",
        "渡航は止め",
        "avoid_all_travel",
    ),
    ("ja", "在留邦人に退避勧告が出された。", "退避勧告", "leave_immediately"),
    (
        "ko",
        "외교부는 해당 지역에 출국 권고를 내렸다.",
        "출국 권고",
        "leave_immediately",
    ),
    (
        "ko",
        "정부는 국민들에게 여행 자제를 당부했다.",
        "여행 자제",
        "avoid_nonessential_travel",
    ),
    ("ko", "그 나라는 여행금지 국가로 지정됐다.", "여행금지", "avoid_all_travel"),
    ("zh", "外交部提醒中国公民暂勿前往该国。", "暂勿前往", "avoid_all_travel"),
    ("zh", "使馆提醒在当地的中国公民尽快撤离。", "尽快撤离", "leave_immediately"),
    (
        "zh",
        "領事事務局建議國人避免非必要旅行。",
        "非必要旅行",
        "avoid_nonessential_travel",
    ),
    (
        "id",
        "Kemlu meminta WNI tidak melakukan perjalanan ke Sudan.",
        "tidak melakukan perjalanan",
        "avoid_all_travel",
    ),
    (
        "id",
        "Warga diminta menunda perjalanan yang tidak mendesak.",
        "tidak mendesak",
        "avoid_nonessential_travel",
    ),
    (
        "tl",
        "Hinikayat ng DFA ang mga Pilipino na huwag munang bumiyahe sa Lebanon.",
        "huwag munang bumiyahe",
        "avoid_all_travel",
    ),
    (
        "tl",
        "Ipinatupad ang mandatory repatriation para sa mga OFW.",
        "mandatory repatriation",
        "leave_immediately",
    ),
    (
        "he",
        "המטה ממליץ לישראלים להימנע מנסיעה למדינה.",
        "להימנע מנסיעה",
        "avoid_all_travel",
    ),
    ("he", "הישראלים נדרשים לעזוב את המדינה בהקדם.", "לעזוב", "leave_immediately"),
    (
        "vi",
        "Bộ Ngoại giao khuyến cáo công dân không nên đến khu vực này.",
        "không nên đến",
        "avoid_all_travel",
    ),
    (
        "vi",
        "Công dân cần ngay lập tức rời khỏi vùng giao tranh.",
        "rời khỏi",
        "leave_immediately",
    ),
    (
        "vi",
        "Du khách nên đặc biệt thận trọng khi đi lại.",
        "thận trọng",
        "increased_caution",
    ),
    (
        "ms",
        "Rakyat Malaysia dinasihatkan supaya tidak melancong ke Nepal.",
        "tidak melancong",
        "avoid_all_travel",
    ),
    (
        "ms",
        "Mereka diminta lebih berhati-hati di tempat awam.",
        "berhati-hati",
        "increased_caution",
    ),
    (
        "th",
        "กระทรวงการต่างประเทศขอให้คนไทยงดการเดินทางไปประเทศนั้น",
        "งดการเดินทาง",
        "avoid_all_travel",
    ),
    ("th", "ขอให้หลีกเลี่ยงการเดินทางที่ไม่จำเป็น", "ไม่จำเป็น", "avoid_nonessential_travel"),
    (
        "cs",
        "Ministerstvo doporučuje necestovat do Súdánu.",
        "necestovat",
        "avoid_all_travel",
    ),
    ("cs", "Občané by měli zemi okamžitě opustit.", "opustit", "leave_immediately"),
    (
        "nl",
        "Het ministerie adviseert alleen noodzakelijke reizen naar Libanon.",
        "alleen noodzakelijke reizen",
        "avoid_nonessential_travel",
    ),
    (
        "nl",
        "Reizigers moeten extra voorzichtig zijn in Kenia.",
        "extra voorzichtig",
        "increased_caution",
    ),
    (
        "fa",
        "وزارت امور خارجه از شهروندان خواست به آن کشور سفر نکنند.",
        "سفر نکنند",
        "avoid_all_travel",
    ),
    (
        "fa",
        "شهروندان از سفرهای غیرضروری خودداری کنند.",
        "غیرضروری",
        "avoid_nonessential_travel",
    ),
    (
        "ur",
        "دفتر خارجہ نے شہریوں سے کہا کہ وہاں سفر نہ کریں۔",
        "سفر نہ کر",
        "avoid_all_travel",
    ),
    (
        "ur",
        "شہری غیر ضروری سفر سے گریز کریں۔",
        "غیر ضروری سفر",
        "avoid_nonessential_travel",
    ),
    (
        "ro",
        "MAE recomandă românilor să nu călătorească în Liban.",
        "să nu călătorească",
        "avoid_all_travel",
    ),
    (
        "ro",
        "Cetățenii sunt rugați să părăsească imediat țara.",
        "părăsească",
        "leave_immediately",
    ),
    (
        "da",
        "Udenrigsministeriet fraråder alle rejser til Yemen.",
        "fraråder alle rejser",
        "avoid_all_travel",
    ),
    (
        "da",
        "Ministeriet fraråder ikke-nødvendige rejser til Egypten.",
        "ikke-nødvendige rejser",
        "avoid_nonessential_travel",
    ),
    (
        "bn",
        "নাগরিকদের অপ্রয়োজনীয় ভ্রমণ এড়িয়ে চলতে বলা হয়েছে।",
        "অপ্রয়োজনীয় ভ্রমণ",
        "avoid_nonessential_travel",
    ),
    ("bn", "প্রবাসীদের সতর্ক থাকতে বলা হয়েছে।", "সতর্ক থাকতে", "increased_caution"),
    (
        "sv",
        "UD avråder från alla resor till Afghanistan.",
        "alla resor",
        "avoid_all_travel",
    ),
    (
        "sv",
        "UD avråder från icke nödvändiga resor till Israel.",
        "icke nödvändiga resor",
        "avoid_nonessential_travel",
    ),
    (
        "hu",
        "A minisztérium arra kéri a magyarokat, hogy ne utazzanak Szíriába.",
        "ne utazzanak",
        "avoid_all_travel",
    ),
    (
        "hu",
        "Utazóknak fokozott körültekintés ajánlott.",
        "fokozott körültekintés",
        "increased_caution",
    ),
    (
        "fi",
        "Ulkoministeriö kehottaa välttämään kaikkea matkustamista maahan.",
        "kaikkea matkustamista",
        "avoid_all_travel",
    ),
    (
        "fi",
        "Suomalaisten on syytä noudattaa erityistä varovaisuutta.",
        "erityistä varovaisuutta",
        "increased_caution",
    ),
    (
        "el",
        "Το υπουργείο συνιστά να αποφεύγουν κάθε ταξίδι στον Λίβανο.",
        "κάθε ταξίδι",
        "avoid_all_travel",
    ),
    (
        "el",
        "Οι πολίτες καλούνται να αποφεύγουν τα μη απαραίτητα ταξίδια.",
        "μη απαραίτητα ταξίδια",
        "avoid_nonessential_travel",
    ),
]


@pytest.mark.parametrize(("lang", "text", "fragment", "action"), ADVICE)
def test_advice_wording_maps_to_action(
    lang: str, text: str, fragment: str, action: str
) -> None:
    cues = _find(text, lang, "advice", fragment)
    assert [c.action for c in cues] == [action]


# (language, sentence, fragment inside the scale cue, action, issuer)
SCALES = [
    (
        "en",
        "The country is now at Level 4: Do Not Travel.",
        "Level 4",
        "avoid_all_travel",
        None,
    ),
    ("ja", "外務省は危険レベル3に引き上げた。", "レベル3", "avoid_all_travel", "JP"),
    ("ja", "全土がレベル4の退避勧告となった。", "レベル4", "leave_immediately", "JP"),
    (
        "ja",
        "首都はレベル２に据え置かれた。",
        "レベル２",
        "avoid_nonessential_travel",
        "JP",
    ),
    ("ko", "외교부는 여행경보 3단계를 발령했다.", "3단계", "leave_immediately", "KR"),
    ("ko", "해당 국가는 여행경보 4단계 지역이다.", "4단계", "avoid_all_travel", "KR"),
    (
        "ko",
        "정부는 특별여행주의보를 내렸다.",
        "특별여행주의보",
        "avoid_all_travel",
        "KR",
    ),
    ("zh", "外交部发布红色旅游预警。", "红色旅游预警", "avoid_all_travel", "CN"),
    (
        "zh",
        "外交部將該國旅遊警示提升至紅色燈號。",
        "紅色燈號",
        "avoid_all_travel",
        "TW",
    ),
    ("zh", "保安局對該國發出黑色外遊警示。", "黑色外遊警示", "avoid_all_travel", "HK"),
    (
        "zh",
        "保安局發出紅色外遊警示。",
        "紅色外遊警示",
        "avoid_nonessential_travel",
        "HK",
    ),
    (
        "tl",
        "Itinaas ng DFA ang Alert Level 3 sa bansa.",
        "Alert Level 3",
        "leave_immediately",
        "PH",
    ),
    (
        "tl",
        "Nasa Alert Level 2 na ang Iraq.",
        "Alert Level 2",
        "avoid_nonessential_travel",
        "PH",
    ),
    ("he", "המטה העלה את אזהרת המסע לרמה 4.", "רמה 4", "avoid_all_travel", "IL"),
    (
        "ar",
        "رفعت الخارجية تحذير السفر إلى المستوى الرابع.",
        "المستوى الرابع",
        "avoid_all_travel",
        None,
    ),
    ("vi", "Nước này bị nâng lên cấp độ 4.", "cấp độ 4", "avoid_all_travel", None),
    ("th", "สหรัฐฯ ยกระดับคำเตือนเป็นระดับ 4", "ระดับ 4", "avoid_all_travel", None),
    (
        "nl",
        "Het reisadvies voor het land staat op rood.",
        "op rood",
        "avoid_all_travel",
        None,
    ),
    (
        "pl",
        "To kraj na czwartym poziomie ostrzeżeń.",
        "czwartym poziom",
        "avoid_all_travel",
        None,
    ),
]


@pytest.mark.parametrize(("lang", "text", "fragment", "action", "issuer"), SCALES)
def test_scale_wording_maps_to_action_and_issuer(
    lang: str, text: str, fragment: str, action: str, issuer: str | None
) -> None:
    cues = _find(text, lang, "scale", fragment)
    assert [(c.action, c.value) for c in cues] == [(action, issuer)]


# (language, sentence, fragment inside the body cue, issuer code or "home")
BODIES = [
    ("en", "The State Department updated its page.", "State Department", "US"),
    ("en", "The foreign ministry issued a statement.", "foreign ministry", "home"),
    ("de", "Das Auswärtige Amt aktualisierte seine Hinweise.", "Auswärtige Amt", "DE"),
    ("de", "Das Außenministerium äußerte sich am Abend.", "Außenministerium", "home"),
    ("fr", "Le Quai d'Orsay a mis à jour sa carte.", "Quai d'Orsay", "FR"),
    (
        "es",
        "La Secretaría de Relaciones Exteriores emitió un aviso.",
        "Secretaría de Relaciones Exteriores",
        "MX",
    ),
    ("es", "La Cancillería publicó un comunicado.", "Cancillería", "home"),
    ("it", "La Farnesina segue la situazione.", "Farnesina", "IT"),
    ("pt", "O Itamaraty divulgou uma nota.", "Itamaraty", "BR"),
    ("ru", "Госдеп обновил рекомендации.", "Госдеп", "US"),
    ("ru", "В МИД заявили, что ситуация сложная.", "МИД", "home"),
    ("uk", "МЗС оприлюднило заяву.", "МЗС", "home"),
    ("pl", "MSZ opublikowało komunikat.", "MSZ", "home"),
    ("tr", "Dışişleri Bakanlığı açıklama yaptı.", "Dışişleri Bakanlığı", "home"),
    ("tr", "ABD Dışişleri Bakanlığı uyarıda bulundu.", "ABD Dışişleri Bakanlığı", "US"),
    ("ar", "أعلنت الخارجية السعودية بيانا.", "الخارجية السعودية", "SA"),
    ("ar", "قالت وزارة الخارجية في بيان.", "وزارة الخارجية", "home"),
    ("hi", "विदेश मंत्रालय ने बयान जारी किया।", "विदेश मंत्रालय", "home"),
    ("ja", "外務省は声明を出した。", "外務省", "home"),
    ("ja", "米国務省が発表した。", "国務省", "US"),
    ("ko", "외교부는 입장을 밝혔다.", "외교부", "home"),
    ("ko", "미국 국무부는 성명을 냈다.", "국무부", "US"),
    ("zh", "中国外交部发言人表示。", "中国外交部", "CN"),
    ("zh", "美国国务院更新了提醒。", "国务院", "US"),
    ("id", "Kemlu mengeluarkan pernyataan.", "Kemlu", "home"),
    ("id", "Menurut Kedubes AS di Jakarta.", "Kedubes AS", "US"),
    ("tl", "Ayon sa DFA, ligtas na ang lugar.", "DFA", "home"),
    ("he", "משרד החוץ פרסם הודעה.", "משרד החוץ", "home"),
    ("he", "המטה לביטחון לאומי פרסם עדכון.", "המטה לביטחון לאומי", "IL"),
    ("vi", "Bộ Ngoại giao Mỹ đã cập nhật.", "Bộ Ngoại giao Mỹ", "US"),
    ("vi", "Bộ Ngoại giao cho biết.", "Bộ Ngoại giao", "home"),
    ("ms", "Wisma Putra mengeluarkan kenyataan.", "Wisma Putra", "MY"),
    ("th", "กระทรวงการต่างประเทศออกแถลงการณ์", "กระทรวงการต่างประเทศ", "home"),
    ("cs", "Ministerstvo zahraničí vydalo varování.", "Ministerstvo zahraničí", "home"),
    ("nl", "Buitenlandse Zaken paste het advies aan.", "Buitenlandse Zaken", "home"),
    ("fa", "وزارت امور خارجه اعلام کرد.", "وزارت امور خارجه", "home"),
    ("ur", "دفتر خارجہ نے بیان جاری کیا۔", "دفتر خارجہ", "home"),
    ("ro", "MAE a transmis un mesaj.", "MAE", "home"),
    ("da", "Udenrigsministeriet har opdateret siden.", "Udenrigsministeriet", "home"),
    ("bn", "পররাষ্ট্র মন্ত্রণালয় বিবৃতি দিয়েছে।", "পররাষ্ট্র মন্ত্রণালয়", "home"),
    ("sv", "UD meddelade på fredagen.", "UD", "home"),
    ("hu", "A Külügyminisztérium közleményt adott ki.", "Külügyminisztérium", "home"),
    ("fi", "Ulkoministeriö tiedotti asiasta.", "Ulkoministeriö", "home"),
    (
        "el",
        "Το υπουργείο Εξωτερικών εξέδωσε ανακοίνωση.",
        "υπουργείο Εξωτερικών",
        "home",
    ),
    # is, sq, bg, hr, sk, no
    ("is", "Utanríkisráðuneytið birti tilkynningu.", "Utanríkisráðuneytið", "home"),
    ("is", "Bandaríska utanríkisráðuneytið birti tilkynningu.", "Bandaríska", "US"),
    (
        "sq",
        "Ministria për Evropën dhe Punët e Jashtme njoftoi sot.",
        "Ministria për Evropën",
        "AL",
    ),
    ("sq", "Ministria e Jashtme njoftoi sot.", "Ministria e Jashtme", "home"),
    (
        "sq",
        "Ministria e Punëve të Jashtme e Kosovës njoftoi sot.",
        "Kosovës",
        "XK",
    ),
    ("sq", "MPJ e Kosovës njoftoi sot.", "MPJ e Kosovës", "XK"),
    (
        "sq",
        "Ministria e Punëve të Jashtme dhe Diasporës njoftoi sot.",
        "Diasporës",
        "XK",
    ),
    ("sq", "Departamenti i Shtetit njoftoi sot.", "Departamenti i Shtetit", "US"),
    ("sq", "Ambasada amerikane njoftoi sot.", "Ambasada amerikane", "US"),
    (
        "sq",
        "Ministria e Punëve të Jashtme e Rusisë njoftoi sot.",
        "Rusisë",
        "RU",
    ),
    ("sq", "Ministria e Jashtme turke njoftoi sot.", "turke", "TR"),
    ("bg", "МВнР публикува съобщение.", "МВнР", "home"),
    ("hr", "MVEP je objavio priopćenje.", "MVEP", "home"),
    ("sk", "MZVEZ vydalo vyhlásenie.", "MZVEZ", "home"),
    ("no", "UD meldte fredag at ...", "UD", "home"),
]


@pytest.mark.parametrize(("lang", "text", "fragment", "issuer"), BODIES)
def test_body_names_its_government(
    lang: str, text: str, fragment: str, issuer: str
) -> None:
    cues = _find(text, lang, "body", fragment)
    assert [c.value for c in cues] == [issuer]


# sentences that must give no advice or scale cue
NEGATIVES = [
    ("en", "Japan bans the entry of foreign visitors from Brazil."),
    ("en", "Heavy snow is expected in Scotland tonight, forecasters said."),
    ("en", "The airline cancelled all flights to Lisbon because of a strike."),
    ("de", "Die Wetterdienste warnen vor Sturm in Norddeutschland."),
    ("de", "Die Airline strich alle Flüge nach Rom."),
    ("fr", "Météo-France place trois départements en vigilance orange pour orages."),
    ("es", "Chile prohíbe la entrada de extranjeros no residentes."),
    ("it", "La compagnia aerea ha cancellato i voli per Parigi."),
    ("pt", "A companhia aérea cancelou os voos para Lisboa."),
    ("ru", "Синоптики объявили штормовое предупреждение в Москве."),
    ("uk", "У Києві оголосили штормове попередження."),
    ("ja", "気象庁は大雨警報を発表した。"),
    ("ja", "市は警戒レベル4の避難指示を出した。"),
    ("zh", "明天有东北风4级。"),
    ("ko", "사회적 거리두기 3단계가 시행됐다."),
    ("ko", "기상청은 서울에 호우경보를 발령했다."),
    ("zh", "气象台发布暴雨橙色预警。"),
    ("ar", "ألغت شركة الطيران رحلاتها إلى القاهرة بسبب الإضراب."),
    ("tr", "Meteoroloji İstanbul için fırtına uyarısı yaptı."),
    ("nl", "Het KNMI geeft code oranje af voor zware windstoten."),
    ("id", "Maskapai membatalkan penerbangan ke Bali karena cuaca."),
    ("is", "Veðurstofan spáir stormi á Vestfjörðum í kvöld."),
    ("is", "Flugfélagið aflýsti öllu flugi til Kaupmannahafnar vegna verkfalls."),
    ("sq", "Kompania ajrore anuloi fluturimet për në Romë për shkak të grevës."),
    ("sq", "Parashikohen reshje të dendura shiu në veri të vendit."),
    ("bg", "Синоптиците обявиха жълт код за силен вятър."),
    ("hr", "Zračni prijevoznik otkazao je letove za Pariz."),
    ("sk", "Letecká spoločnosť zrušila lety do Ríma."),
    ("no", "Meteorologene varsler kraftig vind på Vestlandet."),
    ("is", "Hiti verður 2 til 4 stig og liðið fékk 3 stig í gær."),  # degrees, points
    ("sk", "Na rieke platí 3. stupeň povodňovej aktivity."),  # flood alert step
    ("bg", "Пострадалият е с изгаряния трета степен."),  # burn degree
]


@pytest.mark.parametrize(("lang", "text"), NEGATIVES)
def test_no_advice_in_bans_weather_and_airline_news(lang: str, text: str) -> None:
    kinds = {c.kind for c in find_cues(text, lang)}
    assert not kinds & {"advice", "scale"}


def test_specific_nonessential_wording_beats_the_broader_phrase() -> None:
    text = "Britons should avoid all non-essential travel to the region."
    actions = [c.action for c in find_cues(text, "en") if c.kind == "advice"]
    assert actions == ["avoid_nonessential_travel"]


def test_vague_wording_carries_alternatives() -> None:
    text = "Die Regierung rät von Reisen in das Land ab."
    cues = [c for c in find_cues(text, "de") if c.kind == "advice"]
    assert cues and all(c.alternatives for c in cues)


@pytest.mark.parametrize(
    ("lang", "text", "kind", "value"),
    [
        ("en", "The warning was lifted on Monday.", "change", "lifted"),
        ("ja", "外務省は危険レベルを引き上げた。", "change", "raised"),
        ("es", "Amenaza de terrorismo en la zona.", "reason", "terrorism"),
        (
            "ru",
            "Из-за землетрясения туристам советуют быть осторожными.",
            "reason",
            "natural_disaster",
        ),
        ("ar", "بسبب انتشار فيروس كورونا.", "reason", "health"),
        ("ko", "납치 위험이 높다.", "reason", "kidnapping"),
        ("is", "Vegna stríðsins í landinu.", "reason", "armed_conflict"),
        ("is", "Ráðuneytið hefur aflétt ferðaviðvöruninni.", "change", "lifted"),
        ("sq", "Për shkak të tërmetit të fortë.", "reason", "natural_disaster"),
        ("sq", "Ministria rikujton qytetarët.", "change", "reiterated"),
        ("bg", "Заради терористичната заплаха.", "reason", "terrorism"),
        ("hr", "Zbog pandemije koronavirusa.", "reason", "health"),
        ("sk", "Pre hrozbu únosov turistov.", "reason", "kidnapping"),
        ("no", "På grunn av uroligheter i hovedstaden.", "reason", "civil_unrest"),
    ],
)
def test_change_and_reason_words(lang: str, text: str, kind: str, value: str) -> None:
    assert value in {c.value for c in find_cues(text, lang) if c.kind == kind}


def test_travel_words_are_found() -> None:
    assert any(c.kind == "travel" for c in find_cues("Reisen nach Mali", "de"))


def test_offsets_index_the_text_and_are_sorted() -> None:
    text = "Kemlu mengimbau WNI tidak melakukan perjalanan ke Sudan karena perang."
    cues = find_cues(text, "id")
    assert [c.start for c in cues] == sorted(c.start for c in cues)
    assert all(0 <= c.start < c.end <= len(text) for c in cues)
    assert "perang" in {text[c.start : c.end] for c in cues if c.kind == "reason"}


def test_unknown_language_and_empty_text_give_nothing() -> None:
    assert find_cues("Do not travel to Mali.", "xx") == []
    assert find_cues("", "en") == []
    assert home_government("xx") is None


@pytest.mark.parametrize(
    ("lang", "home"),
    [
        ("en", None),
        ("ar", None),
        ("es", None),
        ("de", "DE"),
        ("ja", "JP"),
        ("ko", "KR"),
    ],
)
def test_home_government(lang: str, home: str | None) -> None:
    assert home_government(lang) == home


def test_all_required_languages_are_covered() -> None:
    assert wording_languages() >= REQUIRED


@pytest.mark.parametrize("lang", sorted(wording_languages()))
def test_wording_file_is_well_formed(lang: str) -> None:
    ref = resources.files("travelwatch") / "data" / "lexicon" / "i18n" / f"{lang}.json"
    data = json.loads(ref.read_text(encoding="utf-8"))
    assert data["language"] == lang and data["_about"]
    home = data["home"]
    assert home is None or re.fullmatch(r"[A-Z]{2}", home)
    for entry in data["advice"] + data["scales"]:
        assert entry["action"] in ACTIONS
        assert set(entry.get("alternatives", [])) <= {1, 2, 3, 4}
    for entry in data["bodies"]:
        assert entry["issuer"] == "home" or re.fullmatch(r"[A-Z]{2}", entry["issuer"])
    assert {e["change"] for e in data["changes"]} <= CHANGES
    assert {e["reason"] for e in data["reasons"]} <= REASONS
    assert data["advice"] and data["bodies"] and data["travel"]


@pytest.mark.parametrize(
    ("lang", "text", "action"),
    [
        ("en", "OFFICIALS SAY: DO NOT TRAVEL TO MALI", "avoid_all_travel"),
        ("de", "REISEWARNUNG FÜR DEN SUDAN", "avoid_all_travel"),
        ("ru", "МИД: ВОЗДЕРЖАТЬСЯ ОТ ПОЕЗДОК В НЕПАЛ", "avoid_all_travel"),
    ],
)
def test_matching_ignores_letter_case(lang: str, text: str, action: str) -> None:
    assert action in {c.action for c in find_cues(text, lang) if c.kind == "advice"}


def test_word_start_is_respected() -> None:
    text = "The software company hired staff."
    assert not [c for c in find_cues(text, "en") if c.kind == "reason"]
