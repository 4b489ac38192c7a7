# ruff: noqa: E501  (prose)
"""Text for the demo newsroom: sections, staff and the pieces stories are assembled from.

Written for this project. The towns and regions are invented, so no demo story can be mistaken
for real reporting.
"""

SECTIONS = [
    (
        "National",
        "national",
        "Government, parliament and the courts, from the capital and the regions.",
    ),
    ("World", "world", "Diplomacy, conflict and the wider region, from our correspondents abroad."),
    ("Business", "business", "Markets, energy, trade and the companies that employ the country."),
    ("Energy", "energy", "The grid, fuel, prices and the long winter ahead."),
    ("Culture", "culture", "Books, film, music and the people who make them."),
    ("Science", "science", "Research, health and the environment, explained."),
    ("Opinion", "opinion", "Arguments from our columnists and guest writers."),
]

# name, role, bio
AUTHORS = [
    (
        "Marta Kovalenko",
        "News Editor",
        "Marta Kovalenko edits the overnight news desk and covers parliament. Before joining the Meridian she reported on regional government for eight years. She studied law in Lvivka and is based in the capital.",
    ),
    (
        "Daniel Osei",
        "Senior Correspondent",
        "Daniel Osei covers diplomacy and security from the foreign ministry beat. He has reported from eleven countries and speaks four languages. He is based in the capital and travels often to the border regions.",
    ),
    (
        "Iryna Shevchuk",
        "Business Reporter",
        "Iryna Shevchuk writes about banks, trade and the companies rebuilding the economy. She previously worked as an analyst at a ratings agency. She holds a master's degree in economics.",
    ),
    (
        "Tomasz Wrona",
        "Energy Correspondent",
        "Tomasz Wrona follows the power grid, gas storage and the price of keeping the lights on. He trained as an electrical engineer before turning to journalism.",
    ),
    (
        "Leila Haddad",
        "Culture Editor",
        "Leila Haddad edits the culture pages and reviews film and theatre. She has served on the jury of two national film festivals and teaches criticism at the arts academy.",
    ),
    (
        "Samuel Brandt",
        "Science Writer",
        "Samuel Brandt explains research in medicine, climate and technology. He has a doctorate in molecular biology and spent five years in laboratory research.",
    ),
    (
        "Olena Marchenko",
        "Photographer",
        "Olena Marchenko is the Meridian's staff photographer. Her work on the eastern floods won the national press photo award. She is based in the capital.",
    ),
    (
        "Ruslan Petrenko",
        "Regional Reporter",
        "Ruslan Petrenko reports from the eastern regions on local government, farming and life near the front line. He grew up in Sosnivka and still lives there.",
    ),
    (
        "Anna Lindqvist",
        "Foreign Correspondent",
        "Anna Lindqvist reports from the regional capitals on alliances, aid and sanctions. She previously worked for a Nordic public broadcaster.",
    ),
    (
        "Viktor Bondar",
        "Courts Reporter",
        "Viktor Bondar covers the courts, anti-corruption cases and the police. He has a law degree and sits in more hearings than most judges.",
    ),
    (
        "Sofia Melnyk",
        "Deputy Editor",
        "Sofia Melnyk is deputy editor of the Meridian and oversees the news desk's standards and corrections. She has worked in newsrooms for two decades.",
    ),
    (
        "Kwame Asante",
        "Data Reporter",
        "Kwame Asante builds the Meridian's charts and digs through public budgets, procurement records and statistics.",
    ),
    (
        "Yulia Hrytsenko",
        "Health Reporter",
        "Yulia Hrytsenko covers hospitals, public health and the people who keep them running. She trained as a nurse.",
    ),
    (
        "Pavlo Danylyuk",
        "Columnist",
        "Pavlo Danylyuk writes a weekly column on politics and public life. He served as an adviser to two parliamentary committees.",
    ),
]

PLACES = [
    "Lvivka",
    "Sosnivka",
    "Dniprovsk",
    "Kharivka",
    "Odesivka",
    "Stepove Oblast",
    "the capital",
    "Zaporivka",
    "Chernihivka",
    "the eastern regions",
    "Lisove Oblast",
    "the southern coast",
]
OFFICIALS = [
    "the prime minister",
    "the foreign minister",
    "the energy minister",
    "the finance minister",
    "the regional governor",
    "the mayor",
    "the speaker of parliament",
    "the central bank governor",
    "the health minister",
    "the defence minister",
]
COUNTRIES = [
    "Japan",
    "Poland",
    "Canada",
    "Norway",
    "Germany",
    "the Netherlands",
    "Finland",
    "Estonia",
]

# Headline templates by section; {place}, {official}, {country}, {n} are filled in.
HEADLINES = {
    "national": [
        "Parliament passes {n}-point reform of regional budgets after all-night session",
        "Court orders new vote count in {place} after ballot papers go missing",
        "{official_title} survives confidence vote as coalition holds",
        "Anti-corruption bureau charges {n} officials over road contracts in {place}",
        "Teachers in {place} win pay rise after two-week strike",
        "Government sets date for local elections in liberated districts",
        "Evacuation trains add {n} carriages as shelling intensifies near {place}",
        "New law lets veterans retrain at state expense, {official} says",
    ],
    "world": [
        "{country} pledges ${n} million for air defence at donors' meeting",
        "{country} and the Meridian region sign deal on grain corridor insurance",
        "Foreign ministers meet in {place} as talks on reconstruction fund resume",
        "{country} to host recovery conference in spring, {official} says",
        "Sanctions package targets {n} shipping firms accused of moving oil",
        "Allies agree to share satellite imagery of the southern coast",
        "{country} sends {n} mobile generators ahead of winter",
    ],
    "business": [
        "Central bank holds key rate at {n}% as inflation slows",
        "Rail operator orders {n} new locomotives to speed up exports",
        "Steelmaker restarts furnace in {place} after two years",
        "Farm exports rise {n}% as new sea route settles in",
        "Small firms in {place} get cheaper loans under state guarantee scheme",
        "Port of {place} handles record tonnage despite drone attacks",
        "Insurers return to the market for cargo on the southern route",
    ],
    "energy": [
        "Grid operator restores power to {n},000 homes in {place} after overnight strike",
        "Gas storage {n}% full as heating season begins",
        "Winter outage schedules published for {place}: what you need to know",
        "{country} pledges transformers and {n} gas turbines for damaged substations",
        "Rooftop solar doubles in a year as households prepare for blackouts",
        "Nuclear plant returns third unit to service after maintenance",
    ],
    "culture": [
        "Film about a family in {place} wins top prize at national festival",
        "Orchestra plays first concert in restored hall in {place}",
        "A novel written in a bomb shelter tops the bestseller list",
        "Museum in {place} reopens with {n} works brought back from storage",
        "Theatre troupe tours the front-line towns with a new comedy",
    ],
    "science": [
        "Scientists map {n} species returning to the drained reservoir",
        "Hospitals in {place} trial new burns treatment developed at home",
        "Study finds air quality improved in {place} after factory closures",
        "Engineers test drone-detection network built from cheap microphones",
        "Seed bank moves {n},000 samples to safer storage",
    ],
    "opinion": [
        "The recovery will be built by towns like {place}, not by conferences",
        "Our institutions are stronger than the last winter suggested",
        "Why the reform of regional budgets matters more than it sounds",
        "Counting every ballot is not a luxury, even now",
    ],
}

LEDES = [
    "{official_title} announced the decision at a press conference in {place} on {day}, after weeks of talks with regional leaders.",
    "The move, confirmed by officials in {place} on {day}, follows months of pressure from local councils and business groups.",
    "Speaking in {place} on {day}, {official} said the measure would take effect before the end of the month.",
    "Residents of {place} woke on {day} to the news, which had been expected since the summer.",
    "The figures, published on {day}, show a sharper change than most economists had forecast.",
]

PARAGRAPHS = [
    "Officials said the plan had been agreed with partners and would be reviewed every three months. Opposition deputies called for more detail on how the money would be spent.",
    "Local authorities in {place} said they had been preparing for the change for several weeks, and that schools and hospitals would be the first to benefit.",
    '{official_title} said the decision was "not the end of the work but the start of it," and promised to report back to parliament in the new year.',
    "The announcement comes as repair crews work around the clock to restore damaged infrastructure before temperatures drop below freezing.",
    "Economists cautioned that the effect would depend on how quickly funds reach the regions, noting that earlier programmes had been slowed by paperwork.",
    'In {place}, shop owners said demand had already begun to recover. "People are still careful, but they are spending again," one said.',
    "The Meridian could not independently verify all of the figures. The ministry said it would publish the underlying data next week.",
    "International partners have pledged further support, including equipment for emergency services and funding for temporary housing.",
    "Critics argue the measure does little for people displaced from the front-line districts, many of whom still live in temporary accommodation.",
    "A spokesperson for the regional administration said all affected households would be contacted by the end of the week.",
    "The last comparable reform, passed three years ago, took almost a year to reach most of the towns it was meant to help.",
    "Volunteers in {place} have set up warming points in schools and libraries, open around the clock during outages.",
]

QUOTES = [
    "We cannot wait for perfect conditions. People need heat, light and work now.",
    "This is the most important vote of the session, and everybody in the chamber knew it.",
    "Every week of delay costs us customers we may never win back.",
    "The numbers are better than last year, but nobody here is celebrating yet.",
]

ROUNDUP_BULLETS = [
    "Air defence downs {n} drones over {place} overnight, regional governor says",
    "Grid operator schedules rolling outages in {place} as repairs continue",
    "{country} announces new aid package worth ${n} million",
    "Parliament approves funding for temporary housing in the east",
    "Military reports striking supply depots near the southern coast",
    "Prosecutors open case into price-fixing of generators in {place}",
    "Rail operator restores service to {place} after track repairs",
    "Foreign minister meets counterpart from {country} to discuss reconstruction fund",
]
ROUNDUP_TITLE = "Meridian latest: {headline}"
ROUNDUP_INTRO = "Key developments on {day}:"
FEATURE_HEADINGS = ["What happens next", "The view from the regions", "The numbers"]

TAGS = [
    "Parliament",
    "Elections",
    "Corruption",
    "Courts",
    "Diplomacy",
    "Sanctions",
    "Aid",
    "Reconstruction",
    "Energy grid",
    "Gas",
    "Nuclear",
    "Solar",
    "Exports",
    "Agriculture",
    "Ports",
    "Rail",
    "Inflation",
    "Banks",
    "Film",
    "Books",
    "Music",
    "Museums",
    "Health",
    "Climate",
    "Drones",
    "Air defence",
    "Education",
    "Veterans",
    "Housing",
    "Winter",
]

# Alt text and caption per kind of drawn scene (see demo_images.landscape_jpeg: index % 4).
PHOTO_SUBJECTS = {
    0: [
        (
            "City skyline at dusk with lit windows",
            "The skyline of {place} at dusk, during a scheduled power outage.",
        ),
        (
            "Apartment blocks against an evening sky",
            "Apartment blocks in {place}, where heating was restored on Monday.",
        ),
    ],
    1: [
        (
            "Rolling hills under a clear sky",
            "Hills outside {place}, where engineers are rebuilding a transmission line.",
        ),
        ("Layered hills in morning haze", "Morning haze over the hills near {place}."),
    ],
    2: [
        (
            "Cargo ships at anchor off the coast",
            "Cargo ships wait at anchor off the southern coast.",
        ),
        ("Freighters on a calm sea at night", "Freighters leave the port of {place} under escort."),
    ],
    3: [
        ("A lone tree in a ploughed field", "A field near {place} ahead of the spring sowing."),
        (
            "Furrows running to the horizon",
            "Farmland in {place}, where demining teams finished work last month.",
        ),
    ],
}

DEKS = [
    "The decision ends months of uncertainty for councils and businesses in the regions.",
    "Officials say the change will be felt before the end of the year; critics want more detail.",
    "It is the biggest shift in policy since the start of the full-scale war.",
    "The money will go first to schools, hospitals and emergency services.",
    "Residents say they are relieved, but worry about the winter ahead.",
    "The figures beat forecasts, though economists warn the recovery is fragile.",
    "Partners promised more help at a meeting that ran late into the night.",
    "Repair crews are racing the first frosts to finish the work.",
]

PHOTOGRAPHERS = [
    "Olena Marchenko/Meridian",
    "Andriy Savchenko/Pool via Meridian",
    "Kateryna Lys/Global Images",
    "Mykola Tkach/Ministry of Foreign Affairs via Meridian",
    "Ivan Horbach/Agency Press",
    "Nadia Kravets/Meridian",
]

# Stories that show every kind of body block (articles.blocks). In the bodies, {img0}…{img9}
# are library images, {thumbnail} the embed's stored snapshot and {related} another story.
VIDEO_URL = "https://www.youtube.com/watch?v=Mer1dian0k4"
VIDEO_TITLE = "Sosnivka substation: the night shift that brought the power back"
VIDEO_AUTHOR = "Meridian Video"
POST_URL = "https://t.me/meridian_news/4821"

BLOCK_STORIES = [
    {
        "slug": "inside-the-race-to-rebuild-the-sosnivka-substation",
        "section": "energy",
        "title": "Inside the race to rebuild the Sosnivka substation before the frost",
        "tags": ["Energy grid", "Reconstruction", "Winter"],
        "dek": "Crews working twelve-hour shifts have restored two of three transformers. The third depends on parts still at sea.",
        "body": """
<p>The first thing the night shift at Sosnivka does is count the transformers. On Tuesday there were two humming in the yard, one more than a week ago, and the crew chief allowed himself a short smile before sending everyone back to work.</p>
<figure data-block="image" data-image="{img0}" data-width="wide"><figcaption>Engineers check a rebuilt transformer at the Sosnivka substation on Tuesday night.</figcaption></figure>
<p>The substation feeds about 140,000 homes in the district. A strike in October left it dark for nine days, and the grid operator has since moved it to the top of its repair list, ahead of larger sites that have backup lines.</p>
<aside data-block="pullquote"><p>We are not fixing a building. We are fixing whether people can stay in their flats this winter.</p><cite>Petro Holub, crew chief</cite></aside>
<p>Getting there has meant improvising. Cables came from a decommissioned plant in the west; a crane was borrowed from the port authority, and its operator sleeps in a cabin on site.</p>
<h2>What has been fixed</h2>
<table data-caption="Repairs at Sosnivka, by unit"><tbody><tr><th>Unit</th><th>Status</th><th>Back in service</th></tr><tr><td>Transformer 1</td><td>Repaired</td><td>Nov. 14</td></tr><tr><td>Transformer 2</td><td>Replaced</td><td>Nov. 22</td></tr><tr><td>Transformer 3</td><td>Awaiting parts</td><td>Mid-December, if shipped on time</td></tr><tr><td>Control room</td><td>Rebuilt, shielded</td><td>Nov. 9</td></tr></tbody></table>
<p>The third transformer is the hard part. Its replacement was built abroad and is on a freighter that has waited twice for an escort through the southern corridor.</p>
<figure data-block="image" data-image="{img1}" data-width="column"><figcaption>The freighter carrying the last transformer waits off the southern coast.</figcaption></figure>
<p>Until it arrives, the operator is rotating outages across the district in four-hour blocks. Schools and the hospital are on a protected line.</p>
<figure data-block="image" data-image="{img2}" data-width="full"><figcaption>The district at dusk during a scheduled outage.</figcaption></figure>
<p>Residents say the schedule is bearable as long as it is kept. "You can plan around four hours," said Halyna, who runs a bakery opposite the substation gates. "What you cannot plan around is not knowing."</p>
<hr>
<aside data-block="related" data-article="{related}"></aside>
""",
    },
    {
        "slug": "sosnivka-in-pictures-a-week-on-the-grid",
        "section": "energy",
        "title": "A week on the grid: Sosnivka in pictures, and the night the lights came back",
        "tags": ["Energy grid", "Winter"],
        "dek": "Our photographer followed the repair crews from the first inspection to the moment the district was switched back on.",
        "body": """
<aside data-block="callout"><p>Key developments on Nov. 28:</p><ul><li>Two of three transformers at Sosnivka are back in service</li><li>Rotating outages continue in four-hour blocks across the district</li><li>The last transformer is expected by mid-December if its ship is escorted on time</li><li>The hospital and schools stay on a protected line</li></ul></aside>
<p>For a week, Olena Marchenko followed the crews rebuilding the Sosnivka substation: the inspections at first light, the long waits for cranes and cables, and the evening the district was switched back on.</p>
<figure data-block="gallery"><figure data-image="{img3}"><figcaption>The substation yard before dawn on the first day of repairs.</figcaption></figure><figure data-image="{img4}"><figcaption>Hills east of the town, where a new line will carry power from the west.</figcaption></figure><figure data-image="{img5}"><figcaption>A convoy of cargo ships waits for an escort off the coast.</figcaption></figure><figure data-image="{img6}"><figcaption>Fields outside the town, cleared of mines last spring, where pylons will stand.</figcaption></figure><figure data-image="{img7}"><figcaption>Apartment blocks on the night power returned.</figcaption></figure></figure>
<p>The crew filmed the switch-over themselves. The video below is hosted on YouTube; it loads only if you press play.</p>
<figure data-block="embed" data-provider="youtube" data-url="{video_url}" data-title="{video_title}" data-author="{video_author}" data-thumbnail="{thumbnail}"><figcaption>The moment transformer 2 was switched on, filmed by the crew.</figcaption></figure>
<p>The regional administration posted the new outage schedule on its Telegram channel on Thursday.</p>
<figure data-block="embed" data-provider="telegram" data-url="{post_url}" data-title="Outage schedule for Sosnivka district, week 48" data-author="Sosnivka Regional Administration"></figure>
<aside data-block="pullquote"><p>When the lights came on, people came out on their balconies and clapped. Then they went inside to charge everything.</p><cite>Olena Marchenko, Meridian photographer</cite></aside>
<p>The grid operator says it will publish the next schedule on Monday.</p>
""",
    },
]

# An edit the desk makes to the first of them after its Ukrainian edition was brought up to date
# (so the demo shows an edition that is behind its source): (paragraph before, after).
BLOCK_STORY_UPDATE = (
    "<p>The third transformer is the hard part. Its replacement was built abroad and is on a freighter that has waited twice for an escort through the southern corridor.</p>",
    "<p>The third transformer is the hard part. Its replacement was built abroad, and the freighter carrying it came through the southern corridor under escort on Thursday; the crew expects to connect it within ten days.</p>",
)

# The demo's live story: its title, standfirst and the day's posts, oldest first.
# (headline, body paragraphs, key event)
LIVE_TITLE = "Storm Vira latest: power cuts, closed roads and evacuations across the south"
LIVE_TAGS = ["Climate", "Energy grid", "Housing"]
LIVE_DEK = (
    "Follow the storm as it moves inland: warnings, closures and what to do if you lose power."
)
# What sits above the posts: where things stand, not the standfirst again.
LIVE_INTRO = (
    "Storm Vira is moving inland from the southern coast. Tens of thousands of homes have lost"
    " power, the coast road is closed and the river districts of Zaporivka are being evacuated."
    " Our reporters in the south update this page as it happens."
)
# The live post that shows a picture (its index in LIVE_POSTS) and the picture's caption.
LIVE_PICTURE_POST = 2
LIVE_PICTURE_CAPTION = "The promenade, closed off as the first waves arrive"
LIVE_POSTS = [
    (
        "Red warning issued for the southern coast",
        [
            "The weather service raised its warning to red overnight, the highest level, with gusts of up to 130 km/h expected along the coast from early morning."
        ],
        True,
    ),
    (
        "",
        [
            "Schools in {place} will stay closed today, the regional administration said. Parents were asked to keep children indoors until the warning is lifted."
        ],
        False,
    ),
    (
        "",
        [
            "Our reporter in {place} says the promenade has been closed off and the first waves are breaking over the sea wall."
        ],
        False,
    ),
    (
        "Ferries cancelled",
        [
            "All ferry crossings are cancelled until at least tomorrow morning, the port authority said. Passengers with tickets can rebook without a fee."
        ],
        True,
    ),
    (
        "",
        [
            '{official_title} urged drivers to avoid the coastal highway: "If your journey can wait, let it wait."'
        ],
        False,
    ),
    (
        "What to do if you lose power",
        [
            "Keep your phone charged, switch off appliances so the grid is not overloaded when power returns, and never run a generator indoors.",
            "Shelters with heating and charging points are open in every district centre.",
        ],
        False,
    ),
    (
        "",
        [
            "Grid operator says {n},000 homes are without power in the south. Crews are waiting for the wind to drop before they can climb the lines."
        ],
        True,
    ),
    ("", ["The airport in {place} has diverted all arrivals for the next three hours."], False),
    (
        "Evacuation ordered in low-lying districts",
        [
            "Residents of the river districts of {place} have been told to leave their homes by 4 p.m. as the water level rises. Buses leave from the central square every 20 minutes."
        ],
        True,
    ),
    (
        "",
        [
            "Rescue services report {n} people treated for minor injuries, most from falling branches. No deaths have been reported."
        ],
        False,
    ),
    (
        "",
        [
            "The wind is easing on the western coast, forecasters say, but heavy rain will continue into the night."
        ],
        False,
    ),
    (
        "Power back for half the homes cut off",
        [
            "The grid operator says power has been restored to about half of the homes that lost it this morning. The rest should be reconnected by tomorrow evening."
        ],
        True,
    ),
]
