#!/usr/bin/env python3
"""Generate the synthetic sample catalogue used by the service example.

Writes ``src/main/resources/sample-data/books.ndjson`` (one JSON document per line) next to the mappings in
``books-mappings.json``. Every title, author, publisher and description is made up here from word lists written for
this project; the output is fully determined by the seed and the document count, so running the script again with the
same arguments rewrites a byte-identical file.

Usage (from the repository root):

    python3 service-example/scripts/generate-sample-data.py            # 3,000 documents, seed 20260101
    python3 service-example/scripts/generate-sample-data.py --count 500 --seed 7 --output /tmp/books.ndjson

Standard library only. The generated data is dedicated to the public domain (CC0 1.0), see the README next to it.
"""

import argparse
import datetime
import json
import pathlib
import random
import sys

DEFAULT_COUNT = 3000
DEFAULT_SEED = 20260101
DEFAULT_OUTPUT = (pathlib.Path(__file__).resolve().parent.parent
                  / "src" / "main" / "resources" / "sample-data" / "books.ndjson")

# --------------------------------------------------------------------------------------------------------------------
# Vocabulary. Everything below was written for this project; names are ordinary first and last names combined at
# random, publishers are invented.
# --------------------------------------------------------------------------------------------------------------------

FIRST_NAMES = [
    "Ada", "Alma", "Amara", "Anders", "Anika", "Arjun", "Astrid", "Beatriz", "Bruno", "Camille", "Carmen", "Casper",
    "Chiara", "Dalia", "Daniel", "Dmitri", "Elena", "Elif", "Emil", "Esther", "Fatima", "Felix", "Freya", "Gabriel",
    "Greta", "Hana", "Hugo", "Ines", "Ingrid", "Isaac", "Ivan", "Jonas", "Jorge", "Julia", "Kai", "Kenji", "Lars",
    "Leila", "Lena", "Lucas", "Luisa", "Maja", "Marcus", "Margot", "Mateo", "Mei", "Milan", "Mira", "Nadia", "Nia",
    "Nils", "Noah", "Nora", "Olga", "Omar", "Oskar", "Paloma", "Pieter", "Priya", "Rafael", "Rosa", "Ruth", "Samir",
    "Sara", "Selma", "Simon", "Sofia", "Stella", "Tariq", "Teodor", "Thea", "Tomas", "Valentina", "Vera", "Viktor",
    "Wanda", "Yara", "Yusuf", "Zoe", "Élodie", "Søren", "Zofia", "Aurelio", "Henrike",
]

LAST_NAMES = [
    "Abbott", "Alvarez", "Andersson", "Bauer", "Bell", "Bergström", "Bianchi", "Brennan", "Caldwell", "Castillo",
    "Chen", "Costa", "Dahl", "Delacroix", "Dubois", "Eriksen", "Ferreira", "Fischer", "Fontaine", "Galloway", "García",
    "Greco", "Hale", "Hartmann", "Haugen", "Holloway", "Ibrahim", "Jansen", "Kaur", "Keller", "Kowalski", "Larsen",
    "Lindqvist", "Lombardi", "Marsh", "Meyer", "Moreau", "Morgan", "Nakamura", "Novak", "Okafor", "Oliveira", "Ortega",
    "Park", "Pereira", "Quinn", "Ramírez", "Reyes", "Rossi", "Sato", "Schneider", "Silva", "Sorensen", "Tanaka",
    "Thornton", "Torres", "Varga", "Vasquez", "Visser", "Wagner", "Whitfield", "Winter", "Yilmaz", "Zimmermann",
    "Müller", "Nowak", "Aalto", "Byrne", "Coleman", "Duarte",
]

# (name, weight); specialist houses only publish the genres listed in SPECIALIST_PUBLISHERS.
PUBLISHERS = [
    ("Harbor Lane Press", 14), ("Northwind Books", 12), ("Blue Heron Publishing", 10), ("Copperleaf House", 9),
    ("Lantern Street Editions", 8), ("Foxglove Press", 8), ("Ironwood Academic", 6), ("Saltmarsh Media", 6),
    ("Quill & Compass", 5), ("Meadowlark Children's Books", 4), ("Tidewater Technical", 4), ("Gray Owl Publishing", 4),
    ("Silver Birch Classics", 3), ("Redstone Independent", 3), ("Paperkite Press", 2),
]

SPECIALIST_PUBLISHERS = {
    "Meadowlark Children's Books": {"Children", "Fantasy"},
    "Tidewater Technical": {"Programming", "Science", "Business"},
    "Ironwood Academic": {"History", "Science", "Biography", "Programming", "Poetry"},
    "Silver Birch Classics": {"Literary Fiction", "Historical Fiction", "Poetry", "Horror", "Mystery"},
}

LANGUAGES = [("en", 70), ("de", 7), ("fr", 7), ("es", 6), ("it", 4), ("nl", 3), ("pt", 2), ("sv", 1)]

GENERAL_TAGS = ["bestseller", "award-winner", "debut", "series", "book-club", "illustrated", "classic",
                "large-print", "audiobook-available", "staff-pick", "new-edition", "translated"]

PLACES = [
    "Eldmere", "Varrowind", "the Ashen Isles", "Kessel Reach", "Brightwater", "the Hollow Coast", "Marrow Hill",
    "Saint Aubin", "the Northern Marches", "Calder Bay", "Lowmoor", "the Glass City", "Thornbury", "Port Ysolde",
    "the Amber Valley", "Redfern", "the Salt Plains", "Wintermoor", "Cinder Fell", "the River Oska",
]

CLOSINGS_FICTION = [
    "A gripping tale of loyalty and betrayal.",
    "Told with warmth, wit and a keen eye for detail.",
    "An unforgettable story about courage and the price of the truth.",
    "Atmospheric, tense and impossible to put down.",
    "A story of family, memory and second chances.",
    "The first book in a sweeping new series.",
    "A quiet, luminous novel that lingers long after the last page.",
    "Fast-paced and full of surprises to the very end.",
]

CLOSINGS_NONFICTION = [
    "Clear, practical and full of examples.",
    "An accessible introduction for curious readers.",
    "Essential reading for students and practitioners alike.",
    "Richly illustrated with maps, photographs and diagrams.",
    "A lively account that is as entertaining as it is informative.",
    "Includes exercises, further reading and a detailed index.",
]

# Per genre: kind, weight, title words (adjectives, nouns), protagonist roles or topics, events, goals, tags, pages, price.
GENRES = {
    "Fantasy": dict(
        kind="fiction", weight=12,
        adjectives=["Ashen", "Broken", "Hidden", "Iron", "Silver", "Burning", "Forgotten", "Winter", "Crimson", "Last"],
        nouns=["Dragon", "Crown", "Sword", "Tower", "Throne", "Witch", "Forest", "Shadow", "Storm", "Oracle", "Realm",
               "Gate", "Queen", "King", "Spell"],
        roles=["a reluctant apprentice mage", "an exiled heir", "a blacksmith's apprentice", "a dragon rider",
               "a thief with a stolen crown", "the last keeper of an ancient library"],
        events=["discovers that the old magic is waking", "finds a dragon egg buried beneath the ice",
                "is summoned to a court of scheming nobles", "inherits a sword that whispers at night"],
        goals=["unite the warring clans", "break a centuries-old curse", "reclaim the stolen throne",
               "close the gate between worlds"],
        tags=["magic", "dragons", "epic", "quest", "coming-of-age", "sword-and-sorcery", "fae"],
        pages=(280, 720), price=(8, 24)),
    "Science Fiction": dict(
        kind="fiction", weight=11,
        adjectives=["Distant", "Silent", "Quantum", "Red", "Hollow", "Final", "Artificial", "Frozen", "Dark", "Bright"],
        nouns=["Stars", "Orbit", "Signal", "Colony", "Machine", "Android", "Void", "Station", "Nebula", "Drift",
               "Horizon", "Engine", "Moon", "Frontier"],
        roles=["a salvage pilot", "an android who dreams", "the captain of a generation ship",
               "a xenobiologist on a frozen moon", "a hacker on a dying space station", "a colony engineer"],
        events=["intercepts a signal from beyond the edge of known space", "wakes from cryosleep two centuries late",
                "discovers the colony's AI has been lying", "finds an alien artifact in the asteroid belt"],
        goals=["save the last human colony", "decode the message before the fleet arrives",
               "stop a war between Earth and Mars", "bring the ship home"],
        tags=["space-opera", "artificial-intelligence", "first-contact", "dystopia", "time-travel", "cyberpunk",
              "hard-sf"],
        pages=(260, 680), price=(8, 24)),
    "Mystery": dict(
        kind="fiction", weight=10,
        adjectives=["Silent", "Missing", "Quiet", "Crooked", "Midnight", "Cold", "Painted", "Locked", "Seventh",
                    "Drowned"],
        nouns=["Murder", "Secret", "Witness", "Letter", "Alibi", "Key", "Lighthouse", "Affair", "Verdict", "Clue",
               "Inheritance", "Manor", "Portrait"],
        roles=["a retired police inspector", "an amateur sleuth who runs a bookshop", "a village doctor",
               "a young detective on a first case", "a private investigator with a past"],
        events=["finds a body in the locked library", "receives an anonymous letter about a decades-old murder",
                "is the only witness to a disappearance", "notices that a famous painting has been replaced"],
        goals=["unmask the killer", "clear an innocent name", "find the missing heir",
               "solve the case before the storm cuts off the island"],
        tags=["detective", "whodunit", "cozy-mystery", "police-procedural", "small-town", "murder"],
        pages=(220, 480), price=(7, 20)),
    "Thriller": dict(
        kind="fiction", weight=9,
        adjectives=["Deadly", "Black", "Final", "Hidden", "Zero", "Burning", "Rogue", "Silent", "Broken", "Fatal"],
        nouns=["Protocol", "Conspiracy", "Code", "Agent", "Deadline", "Target", "Cipher", "Hour", "Exchange", "Dossier",
               "Network", "Descent"],
        roles=["a former intelligence agent", "an investigative journalist", "a hostage negotiator",
               "a cybersecurity analyst", "a defense lawyer"],
        events=["uncovers a conspiracy reaching the highest levels of government", "is framed for a crime",
                "intercepts an encrypted file that someone will kill for", "wakes up with no memory in a foreign city"],
        goals=["stop the attack", "expose the truth", "stay alive long enough to testify", "find the mole"],
        tags=["espionage", "conspiracy", "legal-thriller", "psychological", "action", "techno-thriller"],
        pages=(280, 560), price=(8, 22)),
    "Romance": dict(
        kind="fiction", weight=8,
        adjectives=["Summer", "Sweet", "Second", "Endless", "Unexpected", "Golden", "Secret", "Little", "Perfect",
                    "Winter"],
        nouns=["Heart", "Promise", "Wedding", "Letters", "Vineyard", "Bakery", "Kiss", "Harbor", "Season", "Chance",
               "Garden", "Bookshop"],
        roles=["a pastry chef", "a wedding planner", "a small-town veterinarian", "a widowed vineyard owner",
               "a travel writer"],
        events=["returns home to run the family bakery", "inherits a crumbling seaside cottage",
                "is forced to share a cabin with a rival", "finds a bundle of old love letters"],
        goals=["choose between ambition and love", "save the family business", "learn to trust again",
               "keep a promise made years ago"],
        tags=["romantic-comedy", "second-chance", "small-town", "enemies-to-lovers", "historical-romance",
              "feel-good"],
        pages=(240, 420), price=(6, 18)),
    "Historical Fiction": dict(
        kind="fiction", weight=7,
        adjectives=["Last", "Long", "Bitter", "Golden", "Northern", "Forgotten", "Red", "Imperial", "Stolen",
                    "Lost"],
        nouns=["Empire", "Winter", "Crossing", "Harbor", "Revolution", "Daughter", "Voyage", "Sisters", "Summer",
               "Spy", "Siege", "Orchard"],
        roles=["a tailor in occupied Paris", "a ship's surgeon", "a codebreaker", "a young printer's apprentice",
               "a nurse at the front"],
        events=["is caught up in the revolution", "carries a secret message across the border",
                "witnesses the fall of a great city", "joins an expedition to the far north"],
        goals=["protect the family", "survive the long winter", "find a lost brother", "keep the printing press running"],
        tags=["world-war-ii", "victorian", "medieval", "napoleonic", "based-on-true-events", "family-saga"],
        pages=(320, 640), price=(9, 24)),
    "Horror": dict(
        kind="fiction", weight=4,
        adjectives=["Hollow", "Black", "Whispering", "Drowned", "Crooked", "Hungry", "Pale", "Rotten", "Silent",
                    "Dead"],
        nouns=["House", "Night", "Bones", "Cellar", "Woods", "Church", "Doll", "Well", "Asylum", "Choir", "Fog",
               "Orchard"],
        roles=["a night-shift nurse", "a folklore student", "a grieving parent", "a caretaker of an empty hotel"],
        events=["moves into a house where the clocks run backwards", "hears children singing in the abandoned chapel",
                "finds a diary written in a familiar hand", "wakes every night at 3 a.m. to the same knock"],
        goals=["escape before the last night of winter", "lay the dead to rest", "break the cycle",
               "find out what lives beneath the town"],
        tags=["ghost-story", "gothic", "supernatural", "haunted-house", "folk-horror", "psychological"],
        pages=(220, 480), price=(7, 20)),
    "Literary Fiction": dict(
        kind="fiction", weight=7,
        adjectives=["Quiet", "Small", "Blue", "Distant", "Ordinary", "Unfinished", "Long", "Last", "Tender", "Wild"],
        nouns=["River", "Garden", "Silence", "Years", "Light", "House", "Harvest", "Sea", "Island", "Orchard",
               "Rooms", "Weather"],
        roles=["a translator", "an aging pianist", "a lighthouse keeper", "a schoolteacher", "a painter"],
        events=["returns to the island of a childhood summer", "begins to lose the memory of a lost sister",
                "spends a year caring for a dying parent", "opens a letter that arrived forty years too late"],
        goals=["make peace with the past", "say what was never said", "find a place to belong",
               "finish the last painting"],
        tags=["family", "grief", "coming-of-age", "friendship", "prize-shortlisted", "novella"],
        pages=(180, 460), price=(9, 22)),
    "History": dict(
        kind="nonfiction", weight=6,
        topics=["the Silk Road", "Medieval Trade", "Maritime Empires", "the Printing Press", "Ancient Rome",
                "the Industrial Revolution", "Cartography", "the Plague Years", "Byzantium", "the Hanseatic League",
                "Early Aviation", "Polar Exploration"],
        tags=["world-history", "ancient-history", "maps", "empires", "military-history", "economic-history"],
        pages=(280, 760), price=(14, 40)),
    "Science": dict(
        kind="nonfiction", weight=6,
        topics=["the Brain", "the Universe", "Genes", "Climate", "Quantum Physics", "the Oceans", "Evolution",
                "Bacteria", "Black Holes", "Volcanoes", "Bird Migration", "the Immune System"],
        tags=["popular-science", "physics", "biology", "astronomy", "climate", "neuroscience", "ecology"],
        pages=(220, 520), price=(14, 35)),
    "Biography": dict(
        kind="biography", weight=4,
        subjects=["a forgotten inventor", "a polar explorer", "a jazz pianist", "a village doctor",
                  "a pioneering astronomer", "a wartime codebreaker", "a lighthouse keeper", "a circus acrobat",
                  "a botanist", "a mountaineer", "a film director", "a chess champion"],
        tags=["memoir", "biography", "women-in-history", "music", "explorers", "scientists"],
        pages=(260, 620), price=(12, 32)),
    "Cooking": dict(
        kind="nonfiction", weight=4,
        topics=["Sourdough Bread", "Vegetarian Cooking", "Spices", "Fermentation", "Mediterranean Kitchens",
                "One-Pot Dinners", "Baking with Children", "Seasonal Vegetables", "Noodles", "Coffee"],
        tags=["recipes", "baking", "vegetarian", "vegan", "quick-meals", "regional-cuisine"],
        pages=(140, 360), price=(15, 40)),
    "Travel": dict(
        kind="nonfiction", weight=3,
        topics=["the Alps on Foot", "Island Hopping", "Night Trains", "the Baltic Coast", "Desert Roads",
                "Slow Travel", "Hidden Villages", "Mountain Huts"],
        tags=["travel-guide", "hiking", "rail-travel", "travel-writing", "europe", "adventure"],
        pages=(180, 420), price=(12, 30)),
    "Programming": dict(
        kind="nonfiction", weight=5,
        topics=["Java", "Distributed Systems", "Search Engines", "Concurrency", "Databases", "Reactive Programming",
                "Observability", "Web APIs", "Functional Programming", "Elasticsearch", "Event-Driven Systems",
                "Compilers", "Testing"],
        tags=["java", "software-engineering", "distributed-systems", "search", "databases", "open-source",
              "observability", "reactive"],
        pages=(240, 880), price=(29, 69)),
    "Business": dict(
        kind="nonfiction", weight=3,
        topics=["Leadership", "Startups", "Negotiation", "Markets", "Remote Teams", "Product Management",
                "Small Business", "Strategy"],
        tags=["management", "entrepreneurship", "economics", "career", "productivity"],
        pages=(200, 420), price=(15, 35)),
    "Self-Help": dict(
        kind="nonfiction", weight=3,
        topics=["Habits", "Focus", "Calm", "Sleep", "Decision Making", "Resilience", "Public Speaking", "Writing"],
        tags=["wellbeing", "mindfulness", "productivity", "psychology", "personal-growth"],
        pages=(160, 340), price=(12, 28)),
    "Poetry": dict(
        kind="poetry", weight=2,
        adjectives=["Salt", "Winter", "Small", "Green", "Late", "Wild", "Quiet", "Blue"],
        nouns=["Songs", "Elegies", "Psalms", "Hours", "Letters", "Tides", "Weathers", "Verses"],
        tags=["poetry-collection", "nature", "love-poems", "bilingual-edition", "prize-winner"],
        pages=(60, 160), price=(9, 20)),
    "Children": dict(
        kind="children", weight=4,
        animals=["Bear", "Fox", "Bunny", "Owl", "Dinosaur", "Hedgehog", "Penguin", "Mouse", "Tractor", "Dragon"],
        activities=["Goes to School", "Cannot Sleep", "Finds a Friend", "Goes to the Moon", "Bakes a Cake",
                    "Loses a Tooth", "Learns to Swim", "Visits the Sea"],
        tags=["picture-book", "bedtime-story", "early-readers", "rhyming", "animals", "ages-3-5", "ages-6-8"],
        pages=(24, 64), price=(5, 16)),
}

# --------------------------------------------------------------------------------------------------------------------


def weighted(rng, pairs):
    """Pick a value from (value, weight) pairs."""
    values = [v for v, _ in pairs]
    weights = [w for _, w in pairs]
    return rng.choices(values, weights=weights, k=1)[0]


def make_authors(rng, count):
    """A pool of distinct authors, each writing in one or two genres (so facets correlate like real catalogues)."""
    seen = set()
    authors = []
    genre_pairs = [(name, spec["weight"]) for name, spec in GENRES.items()]
    while len(authors) < count:
        name = rng.choice(FIRST_NAMES) + " " + rng.choice(LAST_NAMES)
        if name in seen:
            continue
        seen.add(name)
        genres = {weighted(rng, genre_pairs)}
        if rng.random() < 0.25:
            genres.add(weighted(rng, genre_pairs))
        authors.append((name, sorted(genres)))
    return authors


def fiction_title(rng, spec):
    adjective = rng.choice(spec["adjectives"])
    noun = rng.choice(spec["nouns"])
    other = rng.choice(spec["nouns"])
    place = rng.choice(PLACES)
    pattern = rng.randrange(8)
    if pattern == 0:
        return f"The {adjective} {noun}"
    if pattern == 1:
        return f"{noun} of {place}"
    if pattern == 2:
        return f"The {noun} of {place}"
    if pattern == 3:
        return f"The {noun} and the {other}" if other != noun else f"The {adjective} {noun}"
    if pattern == 4:
        return f"The Last {noun}"
    if pattern == 5:
        return f"{rng.choice(FIRST_NAMES)} and the {adjective} {noun}"
    if pattern == 6:
        return f"A {noun} in {place}"
    return f"{adjective} {noun}"


def nonfiction_title(rng, spec):
    topic = rng.choice(spec["topics"])
    pattern = rng.randrange(8)
    if pattern == 0:
        return f"A History of {topic}"
    if pattern == 1:
        return f"The Art of {topic}"
    if pattern == 2:
        return f"{topic}: A Practical Guide"
    if pattern == 3:
        return f"Understanding {topic}"
    if pattern == 4:
        return f"{rng.choice(['Ten', 'Twelve', 'Twenty', 'Fifty'])} Lessons in {topic}"
    if pattern == 5:
        return f"The Essential Guide to {topic}"
    if pattern == 6:
        return f"{topic} for Everyone"
    return f"{topic} in Practice"


def fiction_description(rng, spec):
    # Roles carry no grammatical gender and the text uses no pronouns, so any name fits any sentence.
    hero = rng.choice(FIRST_NAMES) + " " + rng.choice(LAST_NAMES)
    first = hero.split(" ")[0]
    return (f"{hero}, {rng.choice(spec['roles'])}, {rng.choice(spec['events'])} in {rng.choice(PLACES)}. "
            f"Now {first} must {rng.choice(spec['goals'])}. {rng.choice(CLOSINGS_FICTION)}")


def nonfiction_description(rng, spec, author):
    topics = rng.sample(spec["topics"], 3)
    surname = author.split(" ")[-1]
    opener = rng.choice(["explores", "traces", "explains", "takes a fresh look at", "offers a guided tour of"])
    return (f"{surname} {opener} {topics[0]}, with chapters on {topics[1]} and {topics[2]}. "
            f"{rng.choice(CLOSINGS_NONFICTION)}")


def biography_title(rng, name):
    return rng.choice([f"{name}: A Life", f"The Life of {name}", f"{name}: A Portrait",
                       f"Becoming {name}", f"The Many Lives of {name}"])


def biography_description(rng, spec, name):
    return (f"The first full biography of {name}, {rng.choice(spec['subjects'])}, drawing on "
            f"{rng.choice(['letters and diaries', 'family archives', 'hundreds of interviews', 'newly opened archives'])}"
            f". {rng.choice(CLOSINGS_NONFICTION)}")


def poetry_title(rng, spec):
    return rng.choice([
        f"{rng.choice(spec['adjectives'])} {rng.choice(spec['nouns'])}",
        f"{rng.choice(spec['nouns'])} from {rng.choice(PLACES)}",
        f"The {rng.choice(spec['adjectives'])} {rng.choice(spec['nouns'])}",
    ])


def poetry_description(rng, spec):
    subjects = rng.sample(["the sea", "winter light", "grief", "childhood", "cities at night", "migration",
                           "gardens", "love", "rivers", "old photographs"], 2)
    return (f"A collection of {rng.randrange(30, 90)} poems about {subjects[0]} and {subjects[1]}. "
            f"{rng.choice(['Spare and musical.', 'Tender, funny and exact.', 'A striking new voice.'])}")


def children_title(rng, spec):
    return f"{rng.choice(['Little', 'Big', 'Brave', 'Sleepy', 'Busy'])} {rng.choice(spec['animals'])} {rng.choice(spec['activities'])}"


def children_description(rng, spec):
    return (f"A {rng.choice(['gentle', 'funny', 'rhyming', 'bright'])} picture book about "
            f"{rng.choice(['friendship', 'bedtime', 'being brave', 'trying new things', 'sharing'])}, "
            f"with {rng.choice(['colourful', 'watercolour', 'playful'])} illustrations on every page.")


def price(rng, low, high):
    whole = rng.randint(low, high)
    cents = rng.choice([99, 99, 99, 49, 95, 0])
    return round(whole + cents / 100.0, 2) if cents else float(whole)


def published(rng):
    year = int(rng.triangular(1950, 2026, 2023))
    year = min(year, 2025)
    day_of_year = rng.randrange(365)
    return (datetime.date(year, 1, 1) + datetime.timedelta(days=day_of_year)).isoformat()


def publishers_for(genre):
    return [(name, weight) for name, weight in PUBLISHERS
            if name not in SPECIALIST_PUBLISHERS or genre in SPECIALIST_PUBLISHERS[name]]


def capitalize(text):
    """Upper-case the first letter only (topics such as "the Silk Road" start titles)."""
    return text[:1].upper() + text[1:]


def make_book(rng, number, authors_by_genre, genre_pairs):
    genre = weighted(rng, genre_pairs)
    spec = GENRES[genre]
    author = rng.choice(authors_by_genre[genre])
    kind = spec["kind"]
    if kind == "fiction":
        title = fiction_title(rng, spec)
        description = fiction_description(rng, spec)
    elif kind == "nonfiction":
        title = nonfiction_title(rng, spec)
        description = nonfiction_description(rng, spec, author)
    elif kind == "biography":
        subject = rng.choice(FIRST_NAMES) + " " + rng.choice(LAST_NAMES)
        title = biography_title(rng, subject)
        description = biography_description(rng, spec, subject)
    elif kind == "poetry":
        title = poetry_title(rng, spec)
        description = poetry_description(rng, spec)
    else:
        title = children_title(rng, spec)
        description = children_description(rng, spec)

    language = weighted(rng, LANGUAGES)
    tags = rng.sample(spec["tags"], rng.randint(1, 3))
    if rng.random() < 0.4:
        tags.append(rng.choice(GENERAL_TAGS))
    if language != "en" and "translated" not in tags and rng.random() < 0.5:
        tags.append("translated")
    tags = sorted(set(tags))

    low_pages, high_pages = spec["pages"]
    pages = int(max(low_pages, min(high_pages, rng.gauss((low_pages + high_pages) / 2, (high_pages - low_pages) / 5))))
    ratings_count = int(rng.lognormvariate(4.5, 1.6))
    rating = round(max(1.0, min(5.0, rng.gauss(3.9, 0.45))), 1)

    return {
        "id": f"book-{number:05d}",
        "title": capitalize(title),
        "author": author,
        "description": description,
        "genre": genre,
        "language": language,
        "publisher": weighted(rng, publishers_for(genre)),
        "tags": tags,
        "pages": pages,
        "price": price(rng, *spec["price"]),
        "rating": rating,
        "ratings_count": ratings_count,
        "published": published(rng),
        "in_stock": rng.random() < 0.85,
    }


def generate(count, seed):
    rng = random.Random(seed)
    authors = make_authors(rng, max(50, count // 5))
    authors_by_genre = {genre: [] for genre in GENRES}
    for name, genres in authors:
        for genre in genres:
            authors_by_genre[genre].append(name)
    for genre, names in authors_by_genre.items():
        if not names:  # tiny counts: make sure every genre has somebody
            names.append(authors[0][0])
    genre_pairs = [(name, spec["weight"]) for name, spec in GENRES.items()]
    return [make_book(rng, n, authors_by_genre, genre_pairs) for n in range(1, count + 1)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="number of documents (default %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    parser.add_argument("--output", type=pathlib.Path, default=DEFAULT_OUTPUT, help="NDJSON file to write")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be positive")

    books = generate(args.count, args.seed)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as out:
        for book in books:
            out.write(json.dumps(book, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
    size = args.output.stat().st_size
    print(f"wrote {len(books)} documents, {size} bytes, to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
