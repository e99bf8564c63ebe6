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

# Per genre, in genres.json next to this script: kind, weight, title words (adjectives, nouns), protagonist roles or
# topics, events, goals, tags, pages and price (ranges). Its order is the order genres are drawn in.
GENRES = json.loads((pathlib.Path(__file__).resolve().parent / "genres.json").read_text(encoding="utf-8"))

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


def pick_pattern(rng, patterns):
    """Draws one of the patterns, then makes its text (which may draw more)."""
    return patterns[rng.randrange(len(patterns))]()


def fiction_title(rng, spec):
    adjective = rng.choice(spec["adjectives"])
    noun = rng.choice(spec["nouns"])
    other = rng.choice(spec["nouns"])
    place = rng.choice(PLACES)
    return pick_pattern(rng, [
        lambda: f"The {adjective} {noun}",
        lambda: f"{noun} of {place}",
        lambda: f"The {noun} of {place}",
        lambda: f"The {noun} and the {other}" if other != noun else f"The {adjective} {noun}",
        lambda: f"The Last {noun}",
        lambda: f"{rng.choice(FIRST_NAMES)} and the {adjective} {noun}",
        lambda: f"A {noun} in {place}",
        lambda: f"{adjective} {noun}",
    ])


def nonfiction_title(rng, spec):
    topic = rng.choice(spec["topics"])
    return pick_pattern(rng, [
        lambda: f"A History of {topic}",
        lambda: f"The Art of {topic}",
        lambda: f"{topic}: A Practical Guide",
        lambda: f"Understanding {topic}",
        lambda: f"{rng.choice(['Ten', 'Twelve', 'Twenty', 'Fifty'])} Lessons in {topic}",
        lambda: f"The Essential Guide to {topic}",
        lambda: f"{topic} for Everyone",
        lambda: f"{topic} in Practice",
    ])


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
