# ruff: noqa: E501  (a table of names, one country a line)
"""One-off: country names in the six UN languages. Babel (CLDR) gives the names; the UN official short
names (UNTERM) replace CLDR's where the UN uses another form. English is the register's own name.

Run once, by hand, with Babel installed (`pip install Babel`): `python make_countries.py`. Babel is not a
dependency of the application, which reads only the CSV it writes."""
import csv
from pathlib import Path

from babel import Locale

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "countries.csv"
OUT = HERE / "countries.csv"
LANGS = {"ar": "ar", "zh": "zh_Hans", "fr": "fr", "ru": "ru", "es": "es"}
UN = {  # iso3: (ar, zh, fr, ru, es)
 "BOL": ("بوليفيا (دولة - المتعددة القوميات)", "多民族玻利维亚国", "Bolivie (État plurinational de)", "Боливия (Многонациональное Государство)", "Bolivia (Estado Plurinacional de)"),
 "IRN": ("إيران (جمهورية - الإسلامية)", "伊朗伊斯兰共和国", "Iran (République islamique d')", "Иран (Исламская Республика)", "Irán (República Islámica del)"),
 "VEN": ("فنزويلا (جمهورية - البوليفارية)", "委内瑞拉玻利瓦尔共和国", "Venezuela (République bolivarienne du)", "Венесуэла (Боливарианская Республика)", "Venezuela (República Bolivariana de)"),
 "KOR": ("جمهورية كوريا", "大韩民国", "République de Corée", "Республика Корея", "República de Corea"),
 "PRK": ("جمهورية كوريا الشعبية الديمقراطية", "朝鲜民主主义人民共和国", "République populaire démocratique de Corée", "Корейская Народно-Демократическая Республика", "República Popular Democrática de Corea"),
 "RUS": ("الاتحاد الروسي", "俄罗斯联邦", "Fédération de Russie", "Российская Федерация", "Federación de Rusia"),
 "SYR": ("الجمهورية العربية السورية", "阿拉伯叙利亚共和国", "République arabe syrienne", "Сирийская Арабская Республика", "República Árabe Siria"),
 "TZA": ("جمهورية تنزانيا المتحدة", "坦桑尼亚联合共和国", "République-Unie de Tanzanie", "Объединенная Республика Танзания", "República Unida de Tanzanía"),
 "MDA": ("جمهورية مولدوفا", "摩尔多瓦共和国", "République de Moldova", "Республика Молдова", "República de Moldova"),
 "LAO": ("جمهورية لاو الديمقراطية الشعبية", "老挝人民民主共和国", "République démocratique populaire lao", "Лаосская Народно-Демократическая Республика", "República Democrática Popular Lao"),
 "FSM": ("ميكرونيزيا (ولايات - الموحدة)", "密克罗尼西亚联邦", "Micronésie (États fédérés de)", "Микронезия (Федеративные Штаты)", "Micronesia (Estados Federados de)"),
 "TUR": ("تركيا", "土耳其", "Türkiye", "Турция", "Türkiye"),
 "NLD": ("هولندا (مملكة -)", "荷兰王国", "Pays-Bas (Royaume des)", "Нидерланды (Королевство)", "Países Bajos (Reino de los)"),
 "GBR": ("المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية", "大不列颠及北爱尔兰联合王国", "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord", "Соединенное Королевство Великобритании и Северной Ирландии", "Reino Unido de Gran Bretaña e Irlanda del Norte"),
 "USA": ("الولايات المتحدة الأمريكية", "美利坚合众国", "États-Unis d'Amérique", "Соединенные Штаты Америки", "Estados Unidos de América"),
 "VNM": ("فييت نام", "越南", "Viet Nam", "Вьетнам", "Viet Nam"),
 "CIV": ("كوت ديفوار", "科特迪瓦", "Côte d'Ivoire", "Кот-д'Ивуар", "Côte d'Ivoire"),
 "CZE": ("تشيكيا", "捷克", "Tchéquie", "Чехия", "Chequia"),
 "SWZ": ("إسواتيني", "斯威士兰", "Eswatini", "Эсватини", "Eswatini"),
 "MKD": ("مقدونيا الشمالية", "北马其顿", "Macédoine du Nord", "Северная Македония", "Macedonia del Norte"),
 "PSE": ("دولة فلسطين", "巴勒斯坦国", "État de Palestine", "Государство Палестина", "Estado de Palestina"),
 "VAT": ("الكرسي الرسولي", "教廷", "Saint-Siège", "Святой Престол", "Santa Sede"),
 "COD": ("جمهورية الكونغو الديمقراطية", "刚果民主共和国", "République démocratique du Congo", "Демократическая Республика Конго", "República Democrática del Congo"),
 "COG": ("الكونغو", "刚果", "Congo", "Конго", "Congo"),
 "CPV": ("كابو فيردي", "佛得角", "Cabo Verde", "Кабо-Верде", "Cabo Verde"),
 "BRN": ("بروني دار السلام", "文莱达鲁萨兰国", "Brunéi Darussalam", "Бруней-Даруссалам", "Brunei Darussalam"),
 "TLS": ("تيمور - ليشتي", "东帝汶", "Timor-Leste", "Тимор-Лешти", "Timor-Leste"),
 "MMR": ("ميانمار", "缅甸", "Myanmar", "Мьянма", "Myanmar"),
 "TWN": ("مقاطعة تايوان الصينية", "中国台湾省", "Taïwan (province de Chine)", "провинция Китая Тайвань", "Provincia china de Taiwán"),
 "HKG": ("منطقة هونغ كونغ الإدارية الخاصة التابعة للصين", "中国香港特别行政区", "Chine, région administrative spéciale de Hong Kong", "Китай, специальный административный район Гонконг", "China, Región Administrativa Especial de Hong Kong"),
 "MAC": ("منطقة ماكاو الإدارية الخاصة التابعة للصين", "中国澳门特别行政区", "Chine, région administrative spéciale de Macao", "Китай, специальный административный район Макао", "China, Región Administrativa Especial de Macao"),
 "GMB": ("غامبيا", "冈比亚", "Gambie", "Гамбия", "Gambia"),
 "BHS": ("جزر البهاما", "巴哈马", "Bahamas", "Багамские Острова", "Bahamas"),
 "KNA": ("سانت كيتس ونيفس", "圣基茨和尼维斯", "Saint-Kitts-et-Nevis", "Сент-Китс и Невис", "Saint Kitts y Nevis"),
 "VCT": ("سانت فنسنت وجزر غرينادين", "圣文森特和格林纳丁斯", "Saint-Vincent-et-les Grenadines", "Сент-Винсент и Гренадины", "San Vicente y las Granadinas"),
 "LCA": ("سانت لوسيا", "圣卢西亚", "Sainte-Lucie", "Сент-Люсия", "Santa Lucía"),
 "STP": ("سان تومي وبرينسيبي", "圣多美和普林西比", "Sao Tomé-et-Principe", "Сан-Томе и Принсипи", "Santo Tomé y Príncipe"),
 "BIH": ("البوسنة والهرسك", "波斯尼亚和黑塞哥维那", "Bosnie-Herzégovine", "Босния и Герцеговина", "Bosnia y Herzegovina"),
 "CHN": ("الصين", "中国", "Chine", "Китай", "China"),
 "BHR": ("البحرين", "巴林", "Bahreïn", "Бахрейн", "Bahrein"),
}
# Single-language corrections where CLDR's usual name is not the UN's.
FIX = {
 "es": {"SAU": "Arabia Saudita", "BGD": "Bangladesh", "QAT": "Qatar", "KEN": "Kenya", "RWA": "Rwanda", "BWA": "Botswana",
        "ZWE": "Zimbabwe", "LSO": "Lesotho", "MWI": "Malawi", "DJI": "Djibouti", "IRQ": "Iraq", "BLR": "Belarús",
        "BEN": "Benin", "KAZ": "Kazajstán", "TKM": "Turkmenistán", "UKR": "Ucrania", "ARE": "Emiratos Árabes Unidos"},
 "ru": {"KGZ": "Кыргызстан", "BLR": "Беларусь", "MDV": "Мальдивские Острова", "GNB": "Гвинея-Бисау"},
 "fr": {"BHR": "Bahreïn"},
}
rows = list(csv.DictReader(open(SRC, encoding="utf-8")))
locales = {k: Locale.parse(v) for k, v in LANGS.items()}
with open(OUT, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["iso3", "ar", "zh", "en", "fr", "ru", "es", "source"])
    missing = []
    for r in rows:
        if r["iso3"] in UN:
            ar, zh, fr, ru, es = UN[r["iso3"]]
            src = "UNTERM"
        else:
            names = {k: loc.territories.get(r["iso2"]) for k, loc in locales.items()}
            if not all(names.values()):
                missing.append(r["iso3"])
            ar, zh, fr, ru, es = (names[k] or r["name"] for k in ["ar", "zh", "fr", "ru", "es"])
            src = "CLDR"
            fixed = {k: FIX.get(k, {}).get(r["iso3"]) for k in ["ar", "zh", "fr", "ru", "es"]}
            if any(fixed.values()):
                ar, zh, fr, ru, es = (fixed[k] or v for k, v in zip(["ar", "zh", "fr", "ru", "es"], [ar, zh, fr, ru, es], strict=True))
                src = "CLDR+UNTERM"
        w.writerow([r["iso3"], ar, zh, r["name"], fr, ru, es, src])
print(len(rows), "missing", missing)
