"""A synthetic register with ground truth, for tests and the linkage benchmark.

``generate(n, seed)`` returns ``n`` plain records, each with the id of the person or organisation it
truly belongs to. Deterministic for a seed. What makes it hard, as real reports are:

- persons of many cultures (Arabic, Persian, Russian and Belarusian, Chinese, Hindi, Spanish, French
  and West African, East African, Turkish, Vietnamese), reported 1 to 8 times;
- each report spells the name its own way: native script (Arabic, Persian, Cyrillic, Han,
  Devanagari) or one of several romanisations (see ``romanise``), with or without diacritics,
  articles, hyphens, the second Spanish surname or the middle name; family name first or last; in
  capitals; "Family, Given"; initials; and keyboard typos (insert, delete, transpose, substitute);
- missing fields: State (and a few reports under another State, for people in exile), role,
  organisation, date, gender;
- relatives who share the family name, the State, often the organisation and the years, and Arabic
  children who carry their father's name as a middle name ("Zainab Abdulhadi Al-Khawaja" is not
  "Abdulhadi Al-Khawaja"): the hard negatives;
- organisations reported under their full name, their acronym or a variant, several in one place.

No record names a real person on purpose: given and family names are combined at random.
"""

from __future__ import annotations

import random
import string
import unicodedata
from dataclasses import dataclass

from reprisals.linkage import romanise as R
from reprisals.linkage.compare import INDIVIDUAL, ORGANISATION, Record

ROLES = ["human_rights_defender", "woman_human_rights_defender", "lawyer", "journalist", "victim", "witness",
         "relative", "trade_unionist", "academic", "indigenous_land_defender"]

# ---------------------------------------------------------------- name inventories

AR_GIVEN_M = ("muHammad aHmad `alI Hasan Husayn maHmUd khAlid `umar yUsuf ibrAhIm nabIl sAmI TAriq salIm ja`far "
              "Hamza muSTafA karIm nASir faySal ziyAd bilAl jamAl walId hishAm usAm@ sa`Id mAjid `Adil riDA ismA`Il "
              "anwar yaHyA `IsA mUsA sulaymAn idrIs bakr `abd_hAdI `abd_allAh `abd_raHmAn `abd_karIm `abd_`azIz "
              "ghassAn munIr rAmI fu'Ad ayman qAsim SalAH jalAl").split()
AR_GIVEN_F = ("maryam zaynab fATim@ laylA hudA nUr@ amAl samIr@ rAniy@ khadIj@ `A'ish@ salmA rIm lInA dunyA "
              "asmA' ruqayy@ sumayy@ najlA' ghAd@ jamIl@ nawAl su`Ad wafA' sawsan `abIr ImAn ranA hind sArA "
              "yAsmIn raghad bushrA manAr").split()
AR_FAMILY = ("al-khawAj@ al-sayyid Haddad manSUr al-qaHTAnI rajab Hamdan al-hAshimI nASir SAliH al-`alawI "
             "al-shammarI `abbAs khalIl darwIsh `uthmAn al-ghAmidI al-zahrAnI qAsim Hijazi al-`ubaydI "
             "al-jabUrI shihAb al-mahdI al-najjAr").split()
AR_ROOT = "b t j H kh d r z s sh S T ` gh f q k l m n".split()
AR_PATTERNS = ["{1}a{2}{2}A{3}", "{1}a{2}I{3}", "{1}A{2}i{3}", "ma{1}{2}U{3}", "{1}a{2}{3}An", "{1}u{2}ay{3}",
               "{1}a{2}a{3}@", "{1}i{2}A{3}@", "{1}a{2}{3}AwI", "{1}a{2}A{3}I"]

# Generated name parts, so that at 100,000 records and more namesakes stay about as rare as in life.
HI_GIVEN_PARTS = {
    "m": (["Raj", "Ram", "Vij", "Anan", "Shiv", "Dev", "Jai", "Prem", "Har", "Sur", "Chand", "Rav", "Ash", "Nar",
           "Man", "Vin", "Sun", "Kir", "Pra", "Nit", "Rak", "Dine", "Mahe", "Yog"],
          ["esh", "endra", "an", "ant", "deep", "pal", "ish", "ay", "it", "oj", "endu", "ik"]),
    "f": (["Su", "Pri", "Ani", "Kav", "Gee", "Jyo", "Lat", "Rek", "Poo", "Neh", "Anj", "Deep", "Shal", "May", "Rad",
           "Ush", "Nir", "Sar", "Mee", "Ash", "Van", "Shob", "Mad", "Kal"],
          ["ta", "ya", "ha", "ika", "ini", "ma", "na", "li", "ti", "shi", "mala", "vati"]),
}
HI_FAMILY_PARTS = (["Agar", "Bhat", "Chau", "Desh", "Gaik", "Kul", "Mal", "Nag", "Pand", "Raj", "Sax", "Tri", "Upa",
                    "Wad", "Kha", "Shek", "Bane", "Muk", "Chat", "Sri", "Kap", "Mah", "Jos", "Red", "Nai", "Pil"],
                   ["wal", "kar", "pande", "war", "hotra", "dhyay", "awat", "ena", "jee", "vastava", "oor", "ani",
                    "ekar", "ari", "dikar", "ule"])
FA_SYL_C = "b p t j ch kh d r z zh s sh f q k g l m n v h".split()
FA_SYL_V = ["a", "e", "o", "A", "I", "U"]
FA_GIVEN_M = ("moHammad `alI reZA mehdI Hoseyn Arash amIr bahrAm dAryUsh farhAd kAveh majId nAder omId pArsA "
              "reZvAn sa`Id siyAvash vaHId jamshId kUrosh behrUz hAmed ja`far").split()
FA_GIVEN_F = ("narges nasrIn shIrIn parIsA leylA mahsA nIlUfar sepIdeh golrokh AtenA zhIlA maryam nAhId "
              "fAIezeh mahnAz royA sImA azAdeh homA").split()
FA_SUFFIX = ["I", "zAdeh", "pUr", "nezhAd", "Ian", "far"]
FA_STEM = ("moHammad tehrAn raHIm karIm soltAn Hoseyn ja`far jalAl ta`A rezA sotUd ebrAhIm khAn esfahAn "
           "shIrAz Amol kermAn mashhad qazvIn sabzevAr Hashem nUr Aqa akbar asghar kAzem najaf").split()

RU_GIVEN_M = ("Александр Алексей Андрей Сергей Дмитрий Игорь Юрий Евгений Михаил Николай Владимир Павел Олег "
              "Виктор Илья Максим Денис Артём Вячеслав Григорий Роман Борис Константин Леонид").split()
RU_GIVEN_F = ("Анна Мария Елена Ольга Наталья Татьяна Ирина Юлия Светлана Екатерина Ксения Людмила Марина "
              "Дарья Вера Надежда Галина Алла Зоя Полина").split()
BY_GIVEN_M = "Алесь Алег Уладзімір Сяргей Зміцер Андрэй Віктар Павел Мікола Юрась Віталь Антон".split()
BY_GIVEN_F = "Вольга Марыя Святлана Наталля Алена Ірына Тацяна Людміла Марына Ганна".split()
CYR_C = list("бвгдзклмнпрстбвгдклмнпрстхчшжц")
CYR_V = list("аоиеуаоеия")
CYR_ROOTS = ("Петр Иван Смирн Кузнец Поп Соколь Лебед Козл Новик Мороз Волк Павл Семён Голуб Виноград Богдан "
             "Ворон Федор Михайл Тарас Бел Беляц Зайц Медвед Орл Корол Ковал Мельник Шевчук Бондар Ткач "
             "Кравц Олейн Гончар Литвин Полищук Лукаш Статкев Лабков Колесник Бабарик Тихановск Протасев "
             "Навальн Политковск Эстемиров Горбан Гусь Журав Снегир Щерб").split()
RU_SUFFIX = ["ов", "ев", "ин", "ский", "енко", "ович", "ук", "цкий", "аев"]
BY_SUFFIX = ["скі", "цкі", "евіч", "овіч", "ук", "ёнак", "ка", "енка"]

ZH_FAMILY = ("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 "
             "唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 "
             "任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 方 白 邹 孟 熊 秦 邱 "
             "江 尹 薛 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 武 戴 莫 孔 向 "
             "汤 欧阳 司马 诸葛").split()
ZH_GIVEN = ("伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 英 华 玉 兰 霞 平 "
            "刚 桂 文 辉 建 国 志 红 云 顺 利 晓 燕 梅 海 波 宁 鹏 飞 斌 宇 浩 凯 健 "
            "俊 帆 帅 旭 博 晨 阳 欣 佳 琳 婷 雪 倩 颖 慧 莉 萍 玲 丹 蕾 薇 媛 洁 晶 "
            "璐 瑶 悦 诗 雨 嘉 思 梦 若 子 涵 怡 蓉 瑞 鑫 泽 昊 宏 毅 峰 亮 成 锋 东 "
            "生 德 福 荣 新 春 清 永 光 家 兴 泉 振 维 安 学 忠 良 胜 民 天 义 山 仁 "
            "礼 智 信 松 柏 竹 星 岩 钢 铁 彬 琪 瑾").split()

HI_GIVEN_M = [("राहुल", "Rahul"), ("अमित", "Amit"), ("विजय", "Vijay|Vijai"), ("संजय", "Sanjay|Sanjai"),
              ("अजय", "Ajay"), ("सुरेश", "Suresh"), ("रमेश", "Ramesh"), ("महेश", "Mahesh"), ("दिनेश", "Dinesh"),
              ("अनिल", "Anil"), ("सुनील", "Sunil|Suneel"), ("राजेश", "Rajesh"), ("मनोज", "Manoj"),
              ("अशोक", "Ashok|Asok"), ("प्रकाश", "Prakash"), ("दीपक", "Deepak|Dipak"), ("आनंद", "Anand"),
              ("गौतम", "Gautam|Gautham"), ("हर्ष", "Harsh|Harsha"), ("वरुण", "Varun"), ("नरेंद्र", "Narendra"),
              ("सुरेंद्र", "Surendra"), ("हिमांशु", "Himanshu"), ("अभय", "Abhay"), ("सौरभ", "Saurabh|Sourabh"),
              ("कृष्ण", "Krishna|Krishan"), ("रवि", "Ravi"), ("शिव", "Shiv|Shiva"), ("प्रेम", "Prem"),
              ("मोहन", "Mohan"), ("गोपाल", "Gopal"), ("विनोद", "Vinod"), ("सतीश", "Satish|Sateesh")]
HI_GIVEN_F = [("सुधा", "Sudha"), ("प्रिया", "Priya"), ("अनीता", "Anita|Aneeta"), ("सीमा", "Seema|Sima"),
              ("सोनी", "Soni|Sony"), ("अरुंधति", "Arundhati"), ("मेधा", "Medha"), ("तीस्ता", "Teesta|Tista"),
              ("शबनम", "Shabnam"), ("कविता", "Kavita|Kavitha"), ("गीता", "Geeta|Gita"), ("सुनीता", "Sunita|Suneeta"),
              ("ज्योति", "Jyoti|Jyothi"), ("लता", "Lata|Latha"), ("रेखा", "Rekha"), ("पूजा", "Pooja|Puja"),
              ("नेहा", "Neha"), ("अंजलि", "Anjali"), ("दीपिका", "Deepika|Dipika"), ("शालिनी", "Shalini"),
              ("माया", "Maya"), ("राधा", "Radha"), ("उषा", "Usha"), ("निर्मला", "Nirmala")]
HI_FAMILY = [("भारद्वाज", "Bharadwaj|Bhardwaj"), ("शर्मा", "Sharma"), ("वर्मा", "Verma|Varma"), ("सिंह", "Singh"),
             ("गुप्ता", "Gupta"), ("यादव", "Yadav"), ("पटेल", "Patel"), ("मिश्रा", "Mishra|Misra"),
             ("तिवारी", "Tiwari|Tewari"), ("पांडे", "Pandey|Pande"), ("चौधरी", "Chaudhary|Choudhury|Chaudhari"),
             ("जोशी", "Joshi"), ("राव", "Rao"), ("नायर", "Nair"), ("मेनन", "Menon"), ("अय्यर", "Iyer|Ayyar"),
             ("रेड्डी", "Reddy|Reddi"), ("नवलखा", "Navlakha|Naulakha"), ("सीतलवाड़", "Setalvad|Seetalvad"),
             ("तेलतुंबडे", "Teltumbde"), ("दास", "Das"), ("घोष", "Ghosh"), ("बनर्जी", "Banerjee|Banerji"),
             ("मुखर्जी", "Mukherjee|Mukherji"), ("चटर्जी", "Chatterjee|Chatterji"), ("सेन", "Sen"),
             ("बोस", "Bose|Basu"), ("खान", "Khan"), ("अंसारी", "Ansari"), ("कुरैशी", "Qureshi|Kureshi"),
             ("श्रीवास्तव", "Srivastava|Shrivastav"), ("अग्रवाल", "Agarwal|Aggarwal"), ("सक्सेना", "Saxena"),
             ("त्रिपाठी", "Tripathi"), ("दुबे", "Dubey|Dube"), ("चौहान", "Chauhan"), ("ठाकुर", "Thakur"),
             ("मेहता", "Mehta"), ("कपूर", "Kapoor|Kapur"), ("मल्होत्रा", "Malhotra"), ("नागर", "Nagar")]

LATIN = {
    "spanish": {
        "m": "José Luis|Juan Carlos|Miguel|Alejandro|Camilo|Esteban|Jorge|Andrés|Francisco|Javier|Diego|Ricardo|"
             "Fernando|Santiago|Héctor|Raúl|Óscar|Rubén|Víctor|Gustavo|Marcos|Julián|Álvaro|Germán",
        "f": "María José|Lucía|Carmen|Ana Isabel|Berta|Rosa|Gabriela|Marcela|Paola|Daniela|Valentina|Juana|"
             "Sofía|Adriana|Mónica|Beatriz|Claudia|Patricia|Verónica|Ximena|Inés|Lorena|Milagros|Yolanda",
        "family": "García|Rodríguez|Cáceres|Martínez|López|Hernández|Quispe|Mamani|González|Pérez|Sánchez|Ramírez|"
                  "Torres|Flores|Rivera|Gómez|Díaz|Reyes|Morales|Jiménez|Ruiz|Álvarez|Mendoza|Castillo|Vargas|"
                  "Romero|Herrera|Medina|Aguilar|Castro|Ortiz|Chávez|Guzmán|Muñoz|Rojas|Salazar|Núñez|Peña|"
                  "Cruz|Velásquez|Cortés|Ibáñez|Paredes|Valencia|Zúñiga|Cárdenas|Benítez|Fuentes|Espinoza|"
                  "Figueroa|Carrasco|Maldonado|Sandoval|Acosta|Cabrera|Orozco|Montoya|Villalobos|Bustos",
        "countries": "MEX COL VEN GTM HND NIC CUB PER BOL ECU",
    },
    "french": {
        "m": "Jean-Baptiste|Mamadou|Pierre|Ousmane|Didier|Moussa|Ibrahima|Abdoulaye|Cheikh|Alassane|Boubacar|"
             "Souleymane|Emmanuel|Joseph|Patrice|Félix|Désiré|Honoré|Séraphin|Théodore|Aimé|Modeste",
        "f": "Aminata|Marie-Claire|Fatou|Aïcha|Chantal|Mariam|Awa|Kadiatou|Rokia|Adjoa|Bintou|Hawa|Ramatou|"
             "Solange|Germaine|Béatrice|Odile|Clémentine|Pélagie|Félicité",
        "family": "Diallo|Traoré|Mbeki|Kaboré|Ndiaye|Lefèvre|Diop|Koné|Touré|Camara|Keïta|Sow|Bâ|Cissé|Sissoko|"
                  "Ouédraogo|Sawadogo|Zongo|Compaoré|Kouyaté|Coulibaly|Sangaré|Konaté|Dembélé|Fofana|Bamba|"
                  "Mbarga|Nkoulou|Eto'o|Mukwege|Kabila|Tshisekedi|Ntaganda|Nkurunziza|Ndayishimiye|"
                  "Habyarimana|Mutombo|Ilunga|Kasongo|Nzeza|Mbemba|Makelele",
        "countries": "CMR BDI COD MLI SEN GIN BFA TCD NER CIV",
    },
    "east_african": {
        "m": "Kipchoge|Otieno|Mwangi|Baraka|Juma|Kamau|Ochieng|Kiprono|Wafula|Mutua|Abdi|Hassan|Tesfaye|Dawit|"
             "Yohannes|Mesfin|Bekele|Girma|Moses|Isaac|Daniel|Samuel",
        "f": "Wanjiru|Achieng|Nyokabi|Amina|Halima|Wambui|Akinyi|Njeri|Chebet|Atieno|Mumbua|Zawadi|Makena|"
             "Selam|Meron|Tigist|Hiwot|Birtukan|Grace|Esther|Mercy|Faith",
        "family": "Kamau|Odhiambo|Njoroge|Mutua|Wekesa|Otieno|Kariuki|Kimani|Ndungu|Wanjiku|Chege|Omondi|Onyango|"
                  "Kiprop|Rotich|Korir|Kiplagat|Mwangi|Macharia|Gitau|Nyambura|Muthoni|Kiptoo|Mohamed|Ahmed|"
                  "Tadesse|Haile|Wolde|Alemu|Getachew|Kebede|Negash|Museveni|Besigye|Kyagulanyi|Nabagesera|"
                  "Nakato|Ssempala|Mukasa|Kizza|Ochola|Okello",
        "countries": "KEN UGA TZA RWA ETH SOM SSD",
    },
    "turkish": {
        "m": "Osman|Mehmet|Murat|Ahmet|Mustafa|Ali|Hüseyin|Hasan|İbrahim|İsmail|Yusuf|Ömer|Ramazan|Halil|Süleyman|"
             "Kemal|Selahattin|Taner|Eren|Barış|Cengiz|Gökhan|Tolga|Serdar",
        "f": "Ayşe|Zeynep|Elif|Şebnem|Fatma|Emine|Hatice|Merve|Büşra|Esra|Özlem|Gülşen|Nurcan|Sevgi|Dilek|"
             "Pınar|Canan|Aslı|Ebru|Nazlı",
        "family": "Kavala|Yılmaz|Demir|Çelik|Şahin|Yıldız|Yıldırım|Öztürk|Aydın|Özdemir|Arslan|Doğan|Kılıç|"
                  "Aslan|Çetin|Kara|Koç|Kurt|Özkan|Şimşek|Polat|Korkmaz|Karataş|Erdem|Güneş|Aksoy|Bulut|"
                  "Keskin|Tekin|Taş|Ünal|Güler|Çakır|Altun|Uçar|Kaya|Akın|Sönmez|Duman|Karakaya",
        "countries": "TUR",
    },
    "vietnamese": {
        "m": "Văn Đài|Quốc Hùng|Minh Tuấn|Văn Hải|Đức Anh|Thanh Tùng|Công Vinh|Hữu Phước|Quang Huy|Tiến Dũng|"
             "Văn Thành|Bá Khánh|Ngọc Sơn|Xuân Trường|Đình Trọng",
        "f": "Thị Hồng|Ngọc Như Quỳnh|Thu Hà|Thị Lan|Thị Mai|Thanh Hương|Kim Liên|Thùy Dung|Minh Thư|Bích Ngọc|"
             "Phương Anh|Thị Thảo|Hải Yến|Ngọc Ánh|Thị Bích",
        "family": "Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Trịnh|Lương|Mai",
        "countries": "VNM",
        "family_first": "1",
    },
}
VI_SYLLABLES = ("An Anh Bảo Bích Châu Chi Cường Dũng Duy Dương Đài Đạt Điệp Đông Giang Hà Hải Hạnh Hiền Hiếu Hòa Hoa "
                "Hoài Hồng Huệ Hùng Hưng Hương Huy Khải Khang Khánh Khoa Lan Lâm Liên Linh Loan Long Mai Minh My Nam "
                "Nga Nghĩa Ngọc Nhân Nhung Phong Phúc Phước Phương Quân Quang Quế Quỳnh Sơn Tâm Tân Thắng Thanh Thảo "
                "Thịnh Thơ Thu Thủy Tiến Toàn Trang Trí Trinh Trọng Trung Tú Tuấn Tùng Uyên Vân Việt Vinh Vũ "
                "Xuân Yến").split()
# Family names made of syllables, so that at a million records namesakes stay about as rare as in life.
LATIN_SYLLABLES = {
    "french": (["ka", "bo", "ma", "tu", "di", "ko", "ba", "sa", "ndi", "mbe", "ou", "ze", "fo", "la", "ki", "ga",
                "nya", "mu", "se", "wa", "dje", "ke", "lo", "mi"], ["", "", "ré", "ssé", "ngo", "go", "ye"]),
    "east_african": (["ka", "ki", "mu", "nya", "wa", "ba", "ndu", "che", "ge", "to", "ri", "mbo", "ga", "ko",
                      "la", "ja", "si", "ru", "ti", "o", "no", "ma"], ["", "", "ni", "ge", "ko", "mba"]),
    "turkish": (["ak", "kar", "yıl", "de", "öz", "sa", "gü", "ba", "er", "ka", "tu", "şa", "çe", "ko", "bu",
                 "al", "te", "ay"], ["", "oğlu", "can", "soy", "taş", "kaya", "er"]),
    "spanish": (["ca", "mo", "ri", "ve", "la", "sa", "go", "bu", "te", "ro", "pa", "ga", "lo", "me", "di", "tu"],
                ["ez", "es", "o", "ana", "illa"]),
}
AR_COUNTRIES = "BHR SAU EGY SYR IRQ YEM ARE MAR DZA LBY SDN JOR OMN KWT".split()
FA_COUNTRIES = ["IRN", "AFG"]
RU_COUNTRIES = ["RUS", "KAZ", "TKM"]
BY_COUNTRIES = ["BLR"]
ZH_COUNTRIES = ["CHN"]
HI_COUNTRIES = ["IND", "NPL"]
# Share of persons per culture (about the mix of the Secretary-General's reports).
CULTURE_WEIGHTS = {
    "arabic": 22, "persian": 7, "russian": 8, "belarusian": 4, "chinese": 12, "hindi": 6, "spanish": 14,
    "french": 10, "east_african": 7, "turkish": 5, "vietnamese": 5,
}
ORG_PATTERNS = ["{p} Centre for Human Rights", "{p} Human Rights Defenders Network", "Association for Justice in {p}",
                "{p} Women's Rights Coalition", "Lawyers for Rights {p}", "{p} Institute for Democracy and Law",
                "Observatory of Freedoms {p}", "Indigenous Peoples Council of {p}",
                "Land and Environment Defenders {p}",
                "Free Press Union {p}", "{p} Human Rights Society", "{p} League for the Defence of Human Rights",
                "Committee of Relatives of the Disappeared of {p}", "{p} Journalists Syndicate"]
PLACE_SYL = ["ka", "lo", "ma", "ri", "ta", "ne", "su", "ba", "do", "le", "mi", "ra", "ko", "ve", "sa", "ni", "bu",
             "zo", "ha", "pe", "ga", "li", "mo", "ru", "te", "di", "na", "fa", "jo", "we"]


@dataclass(frozen=True, slots=True)
class SyntheticRecord:
    id: int
    cluster: int
    kind: str
    name: str
    country: str
    organisation: str
    role: str
    date: str
    gender: str
    culture: str
    # What the generator knows and no record says: the person's or organisation's name before it was
    # spelt ("culture|given|family|father"), and the organisation a person's report names (its id; 0 for
    # none). Only the ceiling of the benchmark reads them (``indistinguishable_pairs``).
    true_name: str = ""
    true_org: int = 0

    def to_record(self) -> Record:
        return Record(
            id=self.id, names=(self.name,), kind=self.kind, country=self.country, gender=self.gender,
            roles=frozenset([self.role]) if self.role else frozenset(),
            organisations=(self.organisation,) if self.organisation else (),
            years=(int(self.date[:4]),) if self.date else (),
        )

    def row(self) -> dict[str, str]:
        return {"id": str(self.id), "name": self.name, "country": self.country, "organisation": self.organisation,
                "role": self.role, "date": self.date, "gender": self.gender, "kind": self.kind,
                "true_cluster": str(self.cluster)}


@dataclass
class _Entity:
    eid: int
    kind: str
    culture: str
    gender: str
    given: object
    family: object
    father: object
    country: str
    roles: list[str]
    org: _Org | None
    first_year: int


@dataclass
class _Org:
    eid: int
    name: str
    country: str
    first_year: int


def _drop_diacritics(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.random()
    if op < 0.3:
        return word[:i] + word[i + 1:]
    if op < 0.55:
        return word[:i] + rng.choice(string.ascii_lowercase) + word[i:]
    if op < 0.8:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1:]


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.next_id = 0
        self.cultures = list(CULTURE_WEIGHTS)
        self.weights = list(CULTURE_WEIGHTS.values())
        self.orgs_by_country: dict[str, list[_Org]] = {}
        self.places: list[str] = []

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    # ------------------------------------------------------------ names

    def _arabic_family(self) -> str:
        r = self.rng
        if r.random() < 0.25:
            return r.choice(AR_FAMILY)
        c = r.sample(AR_ROOT, 3)
        stem = r.choice(AR_PATTERNS).format("", *c)
        return ("al-" + stem) if r.random() < 0.45 else stem

    def _persian_family(self) -> str:
        r = self.rng
        if r.random() < 0.3:
            stem = r.choice(FA_STEM)
        else:
            stem = r.choice(FA_SYL_C) + r.choice(FA_SYL_V) + r.choice(FA_SYL_C)
            if r.random() < 0.6:
                stem += r.choice(FA_SYL_V) + r.choice(FA_SYL_C)
        return stem + r.choice(FA_SUFFIX)

    def _cyrillic_family(self, suffixes: list[str]) -> str:
        r = self.rng
        if r.random() < 0.2:
            root = r.choice(CYR_ROOTS)
        else:  # consonant, vowel, consonant (, vowel, consonant): "Колоб", "Мазур"
            root = r.choice(CYR_C) + r.choice(CYR_V) + r.choice(CYR_C)
            if r.random() < 0.7:
                root += r.choice(CYR_V) + r.choice(CYR_C)
            root = root.capitalize()
        return root + r.choice(suffixes)

    def _person_name(self, culture: str, gender: str) -> tuple[object, object]:
        r = self.rng
        f = gender == "female"
        if culture == "arabic":
            return r.choice(AR_GIVEN_F if f else AR_GIVEN_M), self._arabic_family()
        if culture == "persian":
            return r.choice(FA_GIVEN_F if f else FA_GIVEN_M), self._persian_family()
        if culture == "russian":
            return r.choice(RU_GIVEN_F if f else RU_GIVEN_M), self._cyrillic_family(RU_SUFFIX)
        if culture == "belarusian":
            return r.choice(BY_GIVEN_F if f else BY_GIVEN_M), self._cyrillic_family(BY_SUFFIX)
        if culture == "chinese":
            return "".join(r.choice(ZH_GIVEN) for _ in range(r.choice((1, 2, 2, 2)))), r.choice(ZH_FAMILY)
        if culture == "hindi":
            # Names from the table have a Devanagari spelling; composed ones are written in Latin only.
            given = r.choice(HI_GIVEN_F if f else HI_GIVEN_M)
            if r.random() < 0.6:
                first, second = HI_GIVEN_PARTS["f" if f else "m"]
                given = ("", r.choice(first) + r.choice(second))
            family = r.choice(HI_FAMILY)
            if r.random() < 0.7:
                family = ("", r.choice(HI_FAMILY_PARTS[0]) + r.choice(HI_FAMILY_PARTS[1]))
            return given, family
        spec = LATIN[culture]
        given = r.choice(spec["f" if f else "m"].split("|"))
        family = r.choice(spec["family"].split("|"))
        if culture in LATIN_SYLLABLES and r.random() < 0.7:
            syl, suffixes = LATIN_SYLLABLES[culture]
            family = "".join(r.choice(syl) for _ in range(r.choice((2, 3, 3)))).capitalize() + r.choice(suffixes)
        if culture == "spanish":
            family = family + " " + r.choice(spec["family"].split("|"))
        if culture == "vietnamese":
            # Middle and given syllables drawn apart, as Vietnamese names are composed.
            middle = r.choice(["Văn", "Hữu", "Đức", "Minh", "Quốc", "Công"] if not f else ["Thị", "Ngọc", "Thu", "Kim"])
            given = middle + " " + r.choice(VI_SYLLABLES)
        return given, family

    def _countries(self, culture: str) -> list[str]:
        return {"arabic": AR_COUNTRIES, "persian": FA_COUNTRIES, "russian": RU_COUNTRIES, "belarusian": BY_COUNTRIES,
                "chinese": ZH_COUNTRIES, "hindi": HI_COUNTRIES}.get(culture) or LATIN[culture]["countries"].split()

    def render(self, e: _Entity) -> str:
        """One spelling of a person's name, as one report would give it."""
        r = self.rng
        c = e.culture
        native = False
        if c in ("arabic", "persian"):
            persian = c == "persian"
            given = str(e.given).replace("_", " al-") if not persian else str(e.given)
            parts = [given]
            if e.father and r.random() < 0.35:
                parts.append(str(e.father).replace("_", " al-"))
            parts.append(str(e.family))
            phonemic = " ".join(parts)
            if r.random() < 0.25:
                return R.arabic_script(phonemic, persian=persian)
            styles = list(R.PERSIAN_STYLES if persian else R.ARABIC_STYLES)
            name = R.arabic_latin(phonemic, r.choice(styles), r, persian=persian)
        elif c in ("russian", "belarusian"):
            family = R.feminine_surname(str(e.family)) if e.gender == "female" else str(e.family)
            cyr = f"{e.given} {family}"
            if r.random() < 0.3:
                return cyr if r.random() < 0.8 else f"{family} {e.given}"
            systems = R.RUSSIAN_SYSTEMS if c == "russian" else R.BELARUSIAN_SYSTEMS
            name = R.cyrillic_latin(cyr, r.choice(systems))
            if r.random() < 0.15:
                g, fam = name.rsplit(" ", 1)
                name = f"{fam} {g}"
        elif c == "chinese":
            if r.random() < 0.3:
                return f"{e.family}{e.given}"
            from anyascii import anyascii

            fam_syl = [anyascii(ch).lower() for ch in str(e.family)]
            giv_syl = [anyascii(ch).lower() for ch in str(e.given)]
            wade = r.random() < 0.15
            if wade:
                from reprisals.linkage.names import pinyin_to_wade_giles

                fam_syl = [pinyin_to_wade_giles(s) for s in fam_syl]
                giv_syl = [pinyin_to_wade_giles(s) for s in giv_syl]
                if fam_syl[0][:2] in ("ts", "ch", "k", "t", "p") and r.random() < 0.5:
                    fam_syl[0] = fam_syl[0][:2] + "'" + fam_syl[0][2:] if fam_syl[0][:2] in ("ts", "ch") else \
                        fam_syl[0][:1] + "'" + fam_syl[0][1:]
            family = "".join(fam_syl).capitalize()
            sep = r.choice(["", "-", " "]) if len(giv_syl) > 1 and (wade or r.random() < 0.25) else ""
            given = sep.join(giv_syl).capitalize() if sep != " " else " ".join(s.capitalize() for s in giv_syl)
            if wade and sep == "-":
                given = "-".join(giv_syl).capitalize()
            name = f"{family} {given}" if r.random() < 0.8 else f"{given} {family}"
        elif c == "hindi":
            (g_dev, g_lat), (f_dev, f_lat) = e.given, e.family  # type: ignore[misc]
            if g_dev and f_dev and r.random() < 0.2:
                return f"{g_dev} {f_dev}"
            name = f"{r.choice(g_lat.split('|'))} {r.choice(f_lat.split('|'))}"
        else:
            given, family = str(e.given), str(e.family)
            if c == "spanish" and r.random() < 0.35:
                family = family.split(" ")[0]
            if LATIN[c].get("family_first"):
                name = f"{family} {given}" if r.random() < 0.75 else f"{given} {family}"
            else:
                name = f"{given} {family}"
            if " " in given and r.random() < 0.1:
                kept = given.split(" ")[-1 if c == "vietnamese" else 0]
                name = name.replace(given, kept)
            if "-" in name and r.random() < 0.4:
                name = name.replace("-", r.choice([" ", ""]))
        return self._latin_noise(name, native)

    def _latin_noise(self, name: str, native: bool) -> str:
        r = self.rng
        if r.random() < 0.55:
            name = _drop_diacritics(name)
        words = name.split(" ")
        if r.random() < 0.14:
            k = r.randrange(len(words))
            words[k] = _typo(words[k], r)
            if r.random() < 0.15:
                k = r.randrange(len(words))
                words[k] = _typo(words[k], r)
        if len(words) > 1 and r.random() < 0.04:
            words[0] = words[0][:1] + "."
        name = " ".join(words)
        if len(words) > 1 and r.random() < 0.07:
            head, last = name.rsplit(" ", 1)
            name = f"{last.upper()}, {head}" if r.random() < 0.5 else f"{last}, {head}"
        elif len(words) > 1 and r.random() < 0.06:
            head, last = name.rsplit(" ", 1)
            name = f"{head} {last.upper()}"
        return name

    # ------------------------------------------------------------ organisations

    def _place(self) -> str:
        r = self.rng
        if self.places and r.random() < 0.35:
            return r.choice(self.places)  # several organisations in one place: near-miss names
        place = "".join(r.choice(PLACE_SYL) for _ in range(r.choice((2, 3, 3)))).capitalize()
        self.places.append(place)
        return place

    def _org(self, country: str, year: int) -> _Org:
        existing = self.orgs_by_country.setdefault(country, [])
        if existing and self.rng.random() < 0.5:
            return self.rng.choice(existing)
        org = _Org(self._id(), self.rng.choice(ORG_PATTERNS).format(p=self._place()), country, year)
        existing.append(org)
        return org

    def render_org(self, org: _Org) -> str:
        r = self.rng
        roll = r.random()
        from reprisals.linkage.names import ORG_STOP

        if roll < 0.22:
            return "".join(w[0].upper() for w in org.name.split() if w.lower() not in ORG_STOP)
        name = org.name
        if roll < 0.32:
            name = name.replace("Centre", "Center").replace("Defence", "Defense")
        elif roll < 0.4:
            name = "The " + name
        elif roll < 0.48:
            name = name.lower()
        if r.random() < 0.1:
            words = name.split(" ")
            k = r.randrange(len(words))
            words[k] = _typo(words[k], r)
            name = " ".join(words)
        return name

    # ------------------------------------------------------------ records

    def _reports(self) -> int:
        return self.rng.choices([1, 2, 3, 4, 5, 6, 8], weights=[50, 24, 12, 7, 4, 2, 1])[0]

    def _date(self, year: int) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.2:
            return ""
        if roll < 0.45:
            return str(year)
        if roll < 0.7:
            return f"{year}-{r.randint(1, 12):02d}"
        return f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"

    def person_records(self, e: _Entity, out: list[SyntheticRecord], limit: int) -> None:
        r = self.rng
        year = e.first_year
        for _ in range(self._reports()):
            if len(out) >= limit:
                return
            country = e.country
            roll = r.random()
            if roll < 0.1:
                country = ""
            elif roll < 0.13:
                country = r.choice(self._countries(r.choice(self.cultures)))  # reported from exile
            role = "" if r.random() < 0.3 else (r.choice(e.roles) if r.random() < 0.85 else r.choice(ROLES))
            org = self.render_org(e.org) if e.org and r.random() < 0.5 else ""
            gender = e.gender if r.random() < 0.6 else ""
            out.append(SyntheticRecord(len(out) + 1, e.eid, INDIVIDUAL, self.render(e), country, org, role,
                                       self._date(year), gender, e.culture,
                                       f"{e.culture}|{e.given}|{e.family}|{e.father or ''}",
                                       e.org.eid if org and e.org else 0))
            year = min(year + r.choice((0, 1, 1, 2, 3)), 2025)

    def org_records(self, org: _Org, out: list[SyntheticRecord], limit: int) -> None:
        r = self.rng
        year = org.first_year
        for _ in range(self._reports()):
            if len(out) >= limit:
                return
            country = "" if r.random() < 0.1 else org.country
            role = "ngo" if r.random() < 0.6 else ""
            out.append(SyntheticRecord(len(out) + 1, org.eid, ORGANISATION, self.render_org(org), country, "", role,
                                       self._date(year), "", "organisation", org.name))
            year = min(year + r.choice((0, 1, 2)), 2025)

    def family(self, limit: int, out: list[SyntheticRecord]) -> None:
        """One person, and sometimes relatives who share the family name (the hard negatives)."""
        r = self.rng
        culture = r.choices(self.cultures, weights=self.weights)[0]
        country = r.choice(self._countries(culture))
        year = r.randint(2010, 2024)
        gender = "female" if r.random() < 0.45 else "male"
        given, family = self._person_name(culture, gender)
        roles = r.sample(ROLES[:6] + ROLES[7:], k=r.choice((1, 1, 2)))
        if gender == "female" and "human_rights_defender" in roles and r.random() < 0.5:
            roles[roles.index("human_rights_defender")] = "woman_human_rights_defender"
        org = self._org(country, year) if r.random() < 0.5 else None
        head = _Entity(self._id(), INDIVIDUAL, culture, gender, given, family, None, country, roles, org, year)
        self.person_records(head, out, limit)
        if r.random() < 0.2:
            used = {str(given)}
            for _ in range(r.choice((1, 1, 2, 3))):
                g = "female" if r.random() < 0.5 else "male"
                rel_given, _unused = self._person_name(culture, g)
                if str(rel_given) in used:
                    continue
                used.add(str(rel_given))
                father = given if culture == "arabic" and gender == "male" else None
                rel = _Entity(self._id(), INDIVIDUAL, culture, g, rel_given, family, father, country,
                              r.sample(["relative", *roles], k=1), org if r.random() < 0.6 else None,
                              year + r.choice((0, 0, 1, 2)))
                self.person_records(rel, out, limit)


def generate(n: int, seed: int = 1) -> list[SyntheticRecord]:
    """``n`` records (about 8% organisations), shuffled; each knows its true cluster."""
    g = Generator(seed)
    out: list[SyntheticRecord] = []
    while len(out) < n:
        if g.rng.random() < 0.06:
            culture = g.rng.choice(g.cultures)
            country = g.rng.choice(g._countries(culture))
            g.org_records(g._org(country, g.rng.randint(2010, 2024)), out, n)
        else:
            g.family(n, out)
    order = list(range(len(out)))
    g.rng.shuffle(order)
    return [SyntheticRecord(k + 1, *_fields(out[i])[1:]) for k, i in enumerate(order)]


def _fields(rec: SyntheticRecord) -> tuple:
    return (rec.id, rec.cluster, rec.kind, rec.name, rec.country, rec.organisation, rec.role, rec.date, rec.gender,
            rec.culture, rec.true_name, rec.true_org)


def true_pairs(records: list[SyntheticRecord]) -> int:
    """Number of record pairs that belong to one entity."""
    sizes: dict[int, int] = {}
    for rec in records:
        sizes[rec.cluster] = sizes.get(rec.cluster, 0) + 1
    return sum(s * (s - 1) // 2 for s in sizes.values())


def _indistinguishable(a: SyntheticRecord, b: SyntheticRecord) -> bool:
    """Whether no field of two records with the same true name tells them apart: State, gender and
    organisation equal or missing on either side, years at most 4 apart or missing."""
    return ((not a.country or not b.country or a.country == b.country)
            and (not a.gender or not b.gender or a.gender == b.gender)
            and (not a.true_org or not b.true_org or a.true_org == b.true_org)
            and (not a.date or not b.date or abs(int(a.date[:4]) - int(b.date[:4])) <= 4))


def indistinguishable_pairs(records: list[SyntheticRecord]) -> int:
    """Pairs of records of two different entities that no field tells apart.

    Same kind and the same true name (before spelling: the generator's name pools are fixed, so
    namesakes grow with the register), and nothing else that differs (``_indistinguishable``). Grouped
    by true name, so the cost is the sum of the squared group sizes, not all pairs. Records without a
    true name (made by hand) are left out."""
    groups: dict[tuple[str, str], list[SyntheticRecord]] = {}
    for rec in records:
        if rec.true_name:
            groups.setdefault((rec.kind, rec.true_name), []).append(rec)
    count = 0
    for group in groups.values():
        if len(group) < 2 or len({r.cluster for r in group}) < 2:
            continue
        for x, a in enumerate(group):
            for b in group[x + 1:]:
                if a.cluster != b.cluster and _indistinguishable(a, b):
                    count += 1
    return count


@dataclass(frozen=True)
class Ceiling:
    """What no matcher can do better than on a synthetic register, counting only what is on the records."""

    true_pairs: int
    indistinguishable: int
    precision: float  # at full recall: every true pair joined, and with it every pair that looks the same
    f1: float  # at that precision and full recall


def ceiling(records: list[SyntheticRecord]) -> Ceiling:
    true_n, bad = true_pairs(records), indistinguishable_pairs(records)
    precision = true_n / (true_n + bad) if true_n + bad else 1.0
    return Ceiling(true_n, bad, precision, 2 * precision / (1 + precision))


def look_alike_estimate(records: list[SyntheticRecord]) -> float:
    """An estimate of the best pairwise F1 of a matcher that reads only the records, allowed to trade
    recall for precision (``ceiling`` assumes full recall).

    Entities are put in one *look-alike group* when records of theirs are told apart by nothing
    (``_indistinguishable`` with the same true name), chained. Such a matcher cannot tell the entities
    of a group apart, so here it either joins a group whole (all its true pairs, and all its false ones)
    or leaves its records apart (none of either); entities without a look-alike are joined right. The
    groups are taken best first (true pairs per joined pair), and the best F1 over the prefixes is the
    estimate: for a ratio such as F1 the best set of groups is such a prefix. It is an estimate, not a
    bound: a real matcher may also join part of a group that its fields partly tell apart."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    groups: dict[tuple[str, str], list[SyntheticRecord]] = {}
    for rec in records:
        if rec.true_name:
            groups.setdefault((rec.kind, rec.true_name), []).append(rec)
    for group in groups.values():
        if len({r.cluster for r in group}) < 2:
            continue
        for x, a in enumerate(group):
            for b in group[x + 1:]:
                if a.cluster != b.cluster and _indistinguishable(a, b):
                    ra, rb = find(a.cluster), find(b.cluster)
                    if ra != rb:
                        parent[ra] = rb
    sizes: dict[int, int] = {}
    for rec in records:
        sizes[rec.cluster] = sizes.get(rec.cluster, 0) + 1
    members: dict[int, list[int]] = {}
    for entity, size in sizes.items():
        members.setdefault(find(entity), []).append(size)
    true_n = sum(s * (s - 1) // 2 for s in sizes.values())
    if not true_n:
        return 1.0
    right, choices = 0, []
    for group_sizes in members.values():
        inside = sum(s * (s - 1) // 2 for s in group_sizes)
        if len(group_sizes) == 1:
            right += inside
        else:
            joined = sum(group_sizes) * (sum(group_sizes) - 1) // 2
            choices.append((inside, joined - inside))
    choices.sort(key=lambda c: c[0] / (c[0] + c[1]), reverse=True)
    wrong = 0
    best = 2 * right / (right + wrong + true_n)
    for inside, false in choices:
        right, wrong = right + inside, wrong + false
        best = max(best, 2 * right / (right + wrong + true_n))
    return best


@dataclass(frozen=True)
class PairwiseScores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int


def evaluate(truth: list[int], predicted: list[int]) -> PairwiseScores:
    """Pairwise precision, recall and F1 of a clustering against the true clusters."""
    from collections import Counter

    def pairs(counter: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    true_n = pairs(Counter(truth))
    pred_n = pairs(Counter(predicted))
    both = pairs(Counter(zip(truth, predicted, strict=True)))
    precision = both / pred_n if pred_n else 1.0
    recall = both / true_n if true_n else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairwiseScores(precision, recall, f1, true_n, pred_n, both)
