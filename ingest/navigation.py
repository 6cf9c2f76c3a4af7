"""Links that steer around a document or its project rather than teach: language switchers
("Greek", "Thai", "हिन्दी"), repository badges and counters ("GitHub stars", "PRs Welcome"),
sponsor, donate and star links, "Back to top", a licence, a one-character anchor to a place on the page.

A roadmap's links become catalogue entries (ingest.resources), and each entry is a passage that can
take an answer's slot; these never name something to learn from, so they get none. Judged by the
link's own words and URL only, so a real one-word resource ("fast.ai", "Kaggle", "PyTorch") stays.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

# natural languages, in English and in their own script: the entries of a translations list
LANGUAGES = frozenset("""
afrikaans albanian amharic arabic armenian azerbaijani basque belarusian bengali bangla bosnian bulgarian burmese
catalan cebuano chinese croatian czech danish dutch english esperanto estonian farsi filipino finnish french
galician georgian german greek gujarati hausa hebrew hindi hungarian icelandic igbo indonesian irish italian
japanese javanese kannada kazakh khmer korean kurdish kyrgyz lao latvian lithuanian macedonian malay malayalam
maltese marathi mongolian nepali norwegian pashto persian polish portuguese punjabi romanian russian serbian
sinhala slovak slovenian somali spanish swahili swedish tagalog tajik tamil telugu thai turkish turkmen ukrainian
urdu uzbek vietnamese welsh yoruba zulu
español français deutsch italiano português polski русский українська ελληνικά עברית العربية فارسی हिन्दी हिंदी
বাংলা తెలుగు தமிழ் മലയാളം ಕನ್ನಡ मराठी ગુજરાતી ไทย 한국어 日本語 中文 简体中文 繁體中文 türkçe tiếng việt
bahasa nederlands svenska norsk dansk suomi čeština magyar română български српски қазақ o'zbek ខ្មែរ
""".split())
# qualifiers a switcher adds to a language's name: "Chinese (Simplified)", "Brazilian Portuguese"
LANGUAGE_QUALIFIERS = frozenset("simplified traditional brazilian european latin american mexican indonesia "
                                "melayu taiwan hong kong mainland version translation".split())
SUPPORT_WORDS = re.compile(
    r"^\W*(?:become\s+a\s+)?(?:sponsor|donate|donation|support\s+(?:me|us|the\s+project|this\s+project)|"
    r"buy\s+me\s+a\s+coffee|ko-?fi|patreon|open\s*collective|paypal|star\s+(?:this|the|us|it|me)\b.*|"
    r"give\s+(?:it|us|this)\s+a\s+star|fork(?:\s+(?:this|it|me)\b.*)?|follow(?:\s+(?:me|us)\b.*)?|"
    r"tweet|share(?:\s+on\s+\w+)?|subscribe|back\s+to\s+(?:the\s+)?top|(?:go\s+)?to\s+top|"
    r"table\s+of\s+contents|contents|toc|licen[cs]e[ds]?|prs?\s+welcome|"
    r"github\s+(?:stars?|forks?|watchers?|issues|license|contributors|followers|release|downloads?)|"
    r"(?:stars?|forks?|watchers?|contributors|visitors?|views?|downloads?)\s+count|"
    r"stars|forks|watchers|contributors|visitors|views|downloads)\W*$", re.I)  # counters: "STAR" alone is an aligner
SUPPORT_HOSTS = ("opencollective.com", "patreon.com", "buymeacoffee.com", "ko-fi.com", "paypal.me", "paypal.com",
                 "liberapay.com", "makeapullrequest.com", "creativecommons.org", "shields.io", "badge.fury.io",
                 "star-history.com", "hits.seeyoufarm.com", "komarev.com", "visitor-badge.laobi.icu", "hitcount.com")
# a repository's own pages that are about the repository, not its content
REPO_FURNITURE = re.compile(
    r"^/(?:sponsors/[^/]+|[^/]+/[^/]+/(?:stargazers|watchers|network(?:/members)?|graphs/contributors|"
    r"fork|subscription|blob/[^/]+/(?:license|licence|contributing|code_of_conduct|security)[^/]*))/?$", re.I)
# a repository's trackers and downloads: furniture only under a bare anchor ("Issues"), a resource when the
# anchor says what is there ("Good first issues", "llama.cpp releases")
REPO_LISTS = re.compile(r"^/[^/]+/[^/]+/(?:issues|pulls|discussions|releases)/?$", re.I)
BARE_LIST_WORDS = frozenset("github the this our repo repository project issues issue releases release latest "
                            "pulls pull requests request prs pr discussions discussion new open all see".split())


def is_navigation(text: str, url: str) -> bool:
    """A link that is the document's or the project's furniture, never a resource."""
    words = " ".join(text.split())
    bare = words.strip(" ()[]*_`'\".,:;")
    if len(bare) <= 1 and (not bare.isalnum() or _points_within_page(url)):
        return True  # an arrow, or "x" to an anchor; a one-letter link elsewhere may name a language ("C", "R")
    if SUPPORT_WORDS.match(words) or names_language(words):
        return True
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower().removeprefix("www.")
    if any(host == h or host.endswith("." + h) for h in SUPPORT_HOSTS):
        return True
    if host != "github.com":
        return False
    if REPO_LISTS.match(parsed.path):
        return set(re.findall(r"\w+", words.lower())) <= BARE_LIST_WORDS
    return bool(REPO_FURNITURE.match(parsed.path))


def _points_within_page(url: str) -> bool:
    """An anchor-only or same-page link ("#top", "README.md#intro"), or none at all."""
    parsed = urlparse(url.strip())
    return not url.strip() or url.strip().startswith("#") or (bool(parsed.fragment) and not parsed.netloc)


def names_language(text: str) -> bool:
    """Anchor text that is a natural language's name, alone or with its own spelling or a qualifier:
    "Greek", "Korean(한국어)", "Persian - Farsi", "Chinese (Simplified)", "বাংলা - Bangla"."""
    parts = [p for p in re.split(r"[\s()\[\]/|,·–—-]+", text.lower()) if p]
    if not parts or len(parts) > 5:
        return False
    named = [p in LANGUAGES for p in parts]
    if not any(named):
        return False
    joined = " ".join(parts)
    if joined in LANGUAGES:
        return True
    return all(ok or p in LANGUAGE_QUALIFIERS or not re.search(r"[a-z]", p) for ok, p in zip(named, parts))
