"""The English edition of the demo newsroom: the home page, the news index and its
sections, the authors, and four of the ten articles, as an editor would translate
them with Wagtail's simple translation (a copy in the English locale, rewritten).

Photos are the Indonesian articles' own (found by title); only the words change.
"""

HOME = {
    "title": "Kabar Nusantara",
    "intro": (
        "<p>Local news from the city of Tirtasari and around it, in English. This is "
        "newsplugin's example site: every story, name and photo in it is fictional.</p>"
    ),
}

NEWS_INDEX = {
    "title": "News",
    "slug": "news",
    "intro": "<p>The latest from Tirtasari's markets, coast, schools, fields and football "
    "ground.</p>",
}

# Indonesian section slug: (English slug, title).
SECTIONS = {
    "kota": ("city", "City"),
    "lingkungan": ("environment", "Environment"),
    "ekonomi": ("economy", "Economy"),
    "pendidikan": ("education", "Education"),
    "budaya": ("culture", "Culture"),
    "olahraga": ("sport", "Sport"),
}

# Indonesian author slug: English bio (names and slugs stay).
AUTHOR_BIOS = {
    "rina-wulandari": "Business and city reporter. Since 2016 she has covered markets, small "
    "firms and the policies of Tirtasari City Council.",
    "dimas-prasetyo": "Covers the environment, disasters and transport. Likes to cycle along "
    "the banks of the Kali Jernih at weekends.",
    "ayu-lestari": "Writes about education, culture and sport. Before becoming a reporter "
    "she taught Indonesian at a junior high school in Tirtasari.",
}

# Indonesian article slug: the English version. Body items as in the Indonesian
# ARTICLES: a str is a paragraph, ("quote", text, attribution), ("photo", title of
# the Indonesian photo, caption, alt text).
ARTICLES = {
    "renovasi-pasar-rejosari-dimulai": {
        "slug": "rejosari-market-renovation-begins",
        "tags": ["economy", "city", "markets"],
        "title": "Rejosari Market Renovation Begins as Traders Move to a Temporary Market",
        "standfirst": "Some 400 traders have moved into makeshift stalls on Rejosari Field "
        "for the eight months it will take to build the new market hall.",
        "caption": "Traders' stalls at Rejosari Market in the last week before the renovation.",
        "alt": "A row of market stalls with red and white striped awnings in front of an old "
        "market building signed Pasar Rejosari.",
        "body": [
            "Tirtasari City Council began renovating Rejosari Market, the city's largest "
            "traditional market, yesterday. The hall, built in the 1980s, will be replaced by "
            "a two-storey building with better ventilation and drainage.",
            "While the work goes on, some 400 traders are using temporary stalls on Rejosari "
            "Field, about 300 metres from the old site. The stalls are grouped by trade: "
            "vegetables and spices on the north side, meat and fish on the south.",
            ("quote", "At first we worried shoppers would not come out to the field. On the "
             "first day it was already busy, as long as the ground isn't muddy.",
             "Siti Aminah, vegetable seller"),
            "The head of the city's trade office, Yohanes Hartono, said every existing trader "
            "is guaranteed a stall of the same size in the new building. Stalls will be "
            "allocated by an open draw in front of the traders' association.",
            "The building is due to be finished in eight months. Drivers are advised to avoid "
            "Jalan Rejosari in the mornings, when lorries carry materials in and out of the "
            "site.",
        ],
    },
    "simulasi-peringatan-dini-banjir-kali-jernih": {
        "slug": "kali-jernih-flood-warning-drill",
        "tags": ["disasters", "environment"],
        "title": "Kali Jernih Riverside Residents Take Part in a Flood Early-Warning Drill",
        "standfirst": "Four new sirens were tested together. Residents were asked to learn "
        "the danger signal and the evacuation route nearest their homes.",
        "caption": "Disaster agency officers guide residents away from the Kali Jernih during "
        "this morning's drill.",
        "alt": "A siren tower beside a fast-flowing river under a grey, rainy sky, with a few "
        "people in orange vests on the bank.",
        "body": [
            "Hundreds of people living along the Kali Jernih took part in a flood early-warning "
            "drill held by the Tirtasari disaster management agency (BPBD) this morning. The "
            "drill tested four new sirens installed along the river.",
            "As soon as the sirens sounded, residents of three neighbourhoods made their way to "
            "assembly points in the yards of the nearest mosque and primary school. Officers "
            "recorded an average evacuation time of 12 minutes, faster than the 15-minute "
            "target.",
            ("quote", "Everyone has to recognise the sound of the siren, children and the "
             "elderly included. Drills like this are what keep people from panicking when the "
             "water really rises.", "Teguh Wibowo, head of the Tirtasari BPBD"),
            "The sirens are linked to a water-level gauge upstream. When the river passes the "
            "alert level they sound automatically, and a text message goes to neighbourhood "
            "heads in flood-prone areas.",
            "Some residents asked for the evacuation routes to be lit, as the last big flood "
            "came at night. The agency promised to install solar-powered lamps along them "
            "before the height of the rainy season.",
        ],
    },
    "tim-robotik-sman-2-tirtasari-ke-tingkat-nasional": {
        "slug": "sman-2-tirtasari-robotics-team-goes-national",
        "tags": ["education", "technology"],
        "title": "SMA Negeri 2 Tirtasari Robotics Team Heads for the National Competition",
        "standfirst": "A waste-sorting robot built by five year-11 students won the "
        "provincial title and will compete in Jakarta next month.",
        "caption": "The Garuda Robotik team's waste-sorting robot being tested in the school "
        "laboratory.",
        "alt": "An orange box-shaped robot with wheels and two arms on a workbench, in front "
        "of a board reading Garuda Robotik.",
        "body": [
            "The Garuda Robotik team from SMA Negeri 2 Tirtasari won first place in the "
            "provincial student robotics competition last weekend. They beat 38 other teams "
            "with a robot that sorts plastic bottles, cans and paper using colour and weight "
            "sensors.",
            "The robot took four months to build in the school laboratory, partly from "
            "second-hand parts. Its frame is made of leftover aluminium tubing from a "
            "workshop, and the students programmed its controller after school.",
            ("quote", "We failed a lot. Once the robot threw a can into the paper bin, right "
             "when we were practising in front of the head teacher.",
             "Nadia Putri, captain of Garuda Robotik"),
            "The team's supervising teacher, Andi Firmansyah, said the idea of a "
            "waste-sorting robot came after the students visited the waste bank in "
            "Kedungrejo.",
            "The team will represent the province at the national competition in Jakarta next "
            "month. The school committee is raising money for the journey and for shipping "
            "the robot.",
        ],
    },
    "festival-batik-pesisir-tirtasari": {
        "slug": "tirtasari-coastal-batik-festival",
        "tags": ["culture", "batik", "small business"],
        "title": "Tirtasari Coastal Batik Festival Shows Off Young Makers' Designs",
        "standfirst": "More than 60 makers showed hand-drawn and stamped batik, including new "
        "patterns inspired by fishing boats and mangrove forests.",
        "caption": "Hand-drawn batik by young makers hung out on Tirtasari's town square.",
        "alt": "Lengths of batik cloth patterned in blue, brown and red hanging in a row on a "
        "line under a clear sky.",
        "body": [
            "The three-day Coastal Batik Festival on Tirtasari's town square ended today. The "
            "organisers counted more than 60 makers from Tirtasari and the surrounding "
            "districts showing their work.",
            "This year the organisers set aside space for makers under 30. One of them, "
            "24-year-old Dewi Anggraini, introduced her Jala Bakau pattern: the lines of a "
            "fishing net and mangrove leaves in dark blue and soga brown.",
            ("photo", "Motif Jala Bakau karya Dewi Anggraini",
             "A detail of Dewi Anggraini's Jala Bakau pattern.",
             "A repeating batik pattern of brown and cream kawung circles on dark blue cloth."),
            ("quote", "Coastal batik is bold in its colours. I want young people to see that "
             "old patterns can tell the story of our villages today.",
             "Dewi Anggraini, batik maker"),
            "Besides the exhibition, visitors could join batik classes with a canting. The "
            "classes, for 30 people each, filled up within hours of opening.",
            "The cooperatives and small business office estimates that sales during the "
            "festival reached Rp1.2 billion. The organisers want to make it a yearly event.",
        ],
    },
}

# Approved reader comments on the English edition: (Indonesian article slug, name, text).
COMMENTS = [
    (
        "renovasi-pasar-rejosari-dimulai",
        "Hannah Miles",
        "I visited Rejosari market last year: glad the traders keep their places.",
    ),
]
