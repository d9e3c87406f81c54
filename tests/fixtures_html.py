"""Saved web pages, as analysts download them, each with the clean article text it holds.

Six pages, all invented (outlets, people, numbers; real institutions appear only as actors):

- news-en.html: a regional UK paper reports a forced-labour trial (semantic <article>/<main>).
- news-fr.html: a Lyon paper on a shelter for trafficking victims (WordPress "td-post-content"
  theme, only <div>s around the text, French typography with no-break spaces).
- news-vi.html: a Vietnamese news site on a cross-border cooperation agreement (lead paragraph
  in an <h2 class="sapo">, captions wrapped in <p> inside <figcaption>).
- release-en.html: a press release of an intergovernmental agency (Drupal-like markup, "Notes to
  editors" inside the release, a "Media contacts" block after it).
- release-fr.html: a communiqué of a regional agency (Bootstrap grid, <div class="entry">).
- narrative-en.html: one country narrative of an annual report (left sidebar with the report's
  table of contents before the text, paragraphs hard-wrapped in the source).

Each page is rendered from its blocks (headline, paragraphs, subheadings, figures), so the
page and `Fixture.article` cannot drift apart. An article unit is the element's text with every
run of whitespace (no-break spaces included, as `str.split` sees them) collapsed to one space.

`boilerplate` never holds a text that the article contains, ignoring case (menu items such as
"Home", "Sport" or "Accueil" that also occur inside article words are left out of it), so a
test may check it case-insensitively. Deliberately left out of both `article` and
`boilerplate`: bylines, dates, tags, language switchers, photo `alt` texts, and "on this page"
links that repeat the subheadings; an extractor may keep or drop them.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
import unicodedata
from dataclasses import dataclass

from tests.extraction_fixtures import Fixture

# ---------------------------------------------------------------------------------------------
# Rendering helpers
# ---------------------------------------------------------------------------------------------

_SOURCE_WS = re.compile(r"[ \t\r\n]+")  # whitespace of the Python source, not no-break spaces


@dataclass(frozen=True)
class _Block:
    kind: str  # "el" (a text element), "quote", "fig" or "raw" (chrome inside the article)
    tag: str = ""
    attrs: str = ""
    parts: tuple = ()
    src: str = ""
    alt: str = ""


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _a(href: str, text: str) -> tuple[str, str, str]:
    return ("a", f' href="{html.escape(href)}"', text)


def _em(text: str) -> tuple[str, str, str]:
    return ("em", "", text)


def _strong(text: str) -> tuple[str, str, str]:
    return ("strong", "", text)


def _span(cls: str, text: str) -> tuple[str, str, str]:
    return ("span", f' class="{cls}"', text)


def _p(*parts, attrs: str = "") -> _Block:
    return _Block("el", "p", attrs, parts)


def _h(tag: str, text: str, attrs: str = "") -> _Block:
    return _Block("el", tag, attrs, (text,))


def _quote(*parts, attrs: str = "") -> _Block:
    return _Block("quote", "blockquote", attrs, parts)


def _fig(src: str, alt: str, *caption, attrs: str = "", caption_in_p: bool = False) -> _Block:
    return _Block("fig", "p" if caption_in_p else "", attrs, caption, src, alt)


def _raw(markup: str) -> _Block:
    return _Block("raw", parts=(markup,))


def _fr(text: str) -> str:
    """French typography: no-break spaces inside « » and before : ; ? !"""
    text = text.replace("« ", "«\u00a0").replace(" »", "\u00a0»")
    return re.sub(r" ([:;?!])", "\u00a0\\1", text)


def _part_text(part) -> str:
    return part if isinstance(part, str) else part[2]


def _part_html(part, typo) -> str:
    if isinstance(part, str):
        return _e(typo(_SOURCE_WS.sub(" ", part)))
    tag, attrs, text = part
    return f"<{tag}{attrs}>{_e(typo(_SOURCE_WS.sub(' ', text)))}</{tag}>"


def _inline(parts, typo) -> str:
    markup = "".join(_part_html(p, typo) for p in parts).strip(" ")
    return markup.replace("\u00a0", "&nbsp;")


def _unit(parts) -> str:
    return _clean("".join(_part_text(p) for p in parts))


def _render(blocks, indent: str, typo=lambda s: s, wrap: int = 0) -> tuple[str, list[str]]:
    """HTML lines for `blocks` (each line indented by `indent`) and their units in order."""
    lines: list[str] = []
    units: list[str] = []

    def element(tag: str, attrs: str, parts, pad: str) -> None:
        inner = _inline(parts, typo)
        if wrap:
            body = textwrap.fill(
                inner, width=wrap, initial_indent=pad + "  ", subsequent_indent=pad + "  ",
                break_long_words=False, break_on_hyphens=False,
            )
            lines.extend([f"{pad}<{tag}{attrs}>", body, f"{pad}</{tag}>"])
        else:
            lines.append(f"{pad}<{tag}{attrs}>{inner}</{tag}>")
        units.append(_unit(parts))

    for block in blocks:
        if block.kind == "el":
            element(block.tag, block.attrs, block.parts, indent)
        elif block.kind == "quote":
            lines.append(f"{indent}<blockquote{block.attrs}>")
            element("p", "", block.parts, indent + "  ")
            lines.append(f"{indent}</blockquote>")
        elif block.kind == "fig":
            lines.append(f"{indent}<figure{block.attrs}>")
            lines.append(
                f'{indent}  <img src="{block.src}" alt="{html.escape(block.alt)}" width="1200"'
                ' height="675" loading="lazy" decoding="async">'
            )
            caption = _inline(block.parts, typo)
            if block.tag:
                caption = f"<p>{caption}</p>"
            lines.append(f"{indent}  <figcaption>{caption}</figcaption>")
            lines.append(f"{indent}</figure>")
            units.append(_unit(block.parts))
        else:
            lines.extend(indent + line for line in block.parts[0].strip("\n").split("\n"))
    return "\n".join(lines), units


def _slug(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _story_id(text: str) -> int:
    return 4_100_000 + sum(ord(c) * (i + 1) for i, c in enumerate(text)) % 900_000


def _links(items, indent: str, base: str = "/", suffix: str = "", li: str = "",
           a: str = "") -> str:
    """<li><a> lines. `suffix` may hold "{id}" for a story number made from the text."""
    out = []
    for text in items:
        href = base + _slug(text) + suffix.replace("{id}", str(_story_id(text)))
        out.append(f'{indent}<li{li}><a href="{href}"{a}>{_e(text)}</a></li>')
    return "\n".join(out)


def _json_ld(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n    ")


def _chrome(article, *groups) -> tuple[str, ...]:
    """Every chrome text once, in page order, less those the article itself contains."""
    body = "\n".join(article).casefold()
    seen: dict[str, None] = {}
    for group in groups:
        for text in [group] if isinstance(group, str) else group:
            if _clean(text).casefold() not in body:
                seen.setdefault(_clean(text), None)
    return tuple(seen)


_GTAG = """
      window.dataLayer = window.dataLayer || [];
      function gtag(){dataLayer.push(arguments);}
      gtag('consent', 'default', {ad_storage: 'denied', analytics_storage: 'denied'});
      gtag('js', new Date());
      gtag('config', 'G-7QX2LM04KD', {anonymize_ip: true});
"""

_CONSENT_JS = """
      (function () {
        var banner = document.getElementById('cookie-consent');
        if (!banner) { return; }
        if (document.cookie.indexOf('consent=') !== -1) { banner.hidden = true; }
        banner.addEventListener('click', function (event) {
          var choice = event.target.getAttribute('data-consent');
          if (!choice) { return; }
          document.cookie = 'consent=' + choice + '; max-age=31536000; path=/; SameSite=Lax';
          banner.hidden = true;
        });
      })();
"""


# ---------------------------------------------------------------------------------------------
# news-en.html: a regional paper on a forced-labour trial
# ---------------------------------------------------------------------------------------------

def _news_en() -> Fixture:
    site = "The Severn Courier"
    url = (
        "https://www.severncourier.co.uk/news/courts/"
        "three-jailed-hand-car-wash-forced-labour-operation-millrace-4821937"
    )
    headline = (
        "Three jailed for forcing men to work unpaid at hand car washes across "
        "Gloucestershire and south Wales"
    )
    img = "https://cdn.severncourier.co.uk/images/2025/03"
    related_inline = "Council approves £4m plan to reopen the Stroud canal towpath by 2027"
    blocks = [
        _p("""
            GLOUCESTER — Three men who ran a chain of hand car washes across Gloucestershire
            and south Wales were jailed for a combined 23 years on Monday, after a jury found
            that they had recruited at least 17 workers with promises of well-paid jobs and then
            kept them in cramped rooms above the businesses, taking almost all of their wages to
            repay debts that only ever grew.
        """),
        _p("""
            The convictions under the Modern Slavery Act 2015 follow an investigation that began
            in the spring of 2022, when a worker at a site on the edge of Tewkesbury walked into
            a pharmacy with untreated chemical burns on both hands and asked staff, in halting
            English, whether they could call someone who was not his employer.
        """),
        _p("""
            Gloucestershire Constabulary, working alongside the Gangmasters and Labour Abuse
            Authority, spent eleven months tracing cash deposits, phone records and vehicle
            movements before more than 90 officers raided six addresses at dawn on 9 February
            2023, in what the force named Operation Millrace.
        """),
        _fig(
            f"{img}/millrace-raid-1200.jpg",
            "Police officers outside a terraced house",
            "Officers outside one of the six addresses searched during Operation Millrace in "
            "February 2023. Photograph: Severn Courier",
            attrs=' class="story-image story-image--wide"',
        ),
        _h("h2", "‘Every hour of the day belonged to someone else’"),
        _p("""
            Detective Inspector Ruth Calloway, who led the inquiry, said outside Gloucester Crown
            Court that the victims had been made to feel “that every hour of the day belonged to
            someone else”, adding that several had worked 14-hour shifts, seven days a week, for
            as little as £20 paid in cash on Sundays — when they were paid at all.
        """),
        _p("""
            During the seven-week trial, jurors heard that the workers’ passports were kept in a
            locked drawer at the home of the eldest defendant, Lee Garrow, 46, and that men who
            asked for them back were told they first owed between £3,000 and £8,500 for travel,
            accommodation and “registration fees” that were never explained to them.
        """),
        _raw(f"""
<aside class="inline-related" data-component="related-inline">
  <span class="inline-related__label">Read more:</span>
  <a href="/news/local/{_slug(related_inline)}-4817350">{_e(related_inline)}</a>
</aside>
"""),
        _p("""
            Prosecutors said the operation relied on fear as much as on debt: one witness told
            the court that he had been driven to a lay-by on the A40 and left there for a night
            after complaining about his wages, while others described being warned that their
            families at home would be “visited” if they spoke to the police.
        """),
        _p("""
            Sentencing on Monday, Judge Helen Ashdown said the defendants had treated the workers
            “as equipment to be run until it broke”. She jailed Lee Garrow for nine years, his
            brother Dean Garrow, 41, for eight years and Adrian Pell, 35, who drew up the rotas
            and collected the takings, for six years. All three were also made subject to
            slavery and trafficking prevention orders.
        """),
        _p("""
            Eleven of the men have since been referred to the National Referral Mechanism, the
            framework through which victims of modern slavery are identified and supported, and
            a charity that has housed several of them said most were still waiting, more than two
            years after the raids, for a final decision on whether they will be formally
            recognised as victims.
        """),
        _p("""
            Priya Donnelly, who coordinates casework at the Bristol-based charity Open Door
            Routes, said the wait left people unable to plan their lives and often afraid of
            anyone in authority, and she urged ministers to set a firm deadline for decisions in
            cases where a criminal court has already convicted the people who exploited them.
        """),
        _p("""
            A government spokesperson said it was “committed to reducing waiting times” and had
            recruited additional decision-makers during 2024, but declined to comment on
            individual cases.
        """),
        _p("""
            The court will consider a confiscation order under the Proceeds of Crime Act at a
            hearing in June, when prosecutors are expected to argue that the three men made more
            than £640,000 from the businesses between 2019 and 2023.
        """),
    ]
    body, units = _render(blocks, " " * 10)

    skip = "Skip to main content"
    cookie = (
        "We and our partners use cookies and similar technologies to personalise content and "
        "adverts, provide social media features and analyse our traffic. You can change your "
        "choices at any time by selecting Privacy settings at the bottom of any page."
    )
    cookie_buttons = ["Accept all", "Reject all", "Manage preferences"]
    subscribe = "Subscribe from £1 a week"
    nav = ["News", "Politics", "Business", "Sport", "Opinion", "Lifestyle", "Travel",
           "What's On", "Puzzles", "Obituaries", "Announcements"]
    crumbs = ["News", "Courts"]
    share = ["Share on Facebook", "Share on X", "Share on WhatsApp", "Email this story",
             "Copy link"]
    ad = "Advertisement"
    related_title = "More from Courts"
    related = [
        "Driver who hit cyclist on the A38 while checking his phone banned for three years",
        "Cheltenham landlord fined £27,000 for mouldy flats after tenants’ two-year complaint",
        "Teenagers admit arson attack on Forest of Dean scout hut",
        "Jury fails to reach verdict in Cirencester pharmacy fraud case",
    ]
    most_read_title = "Most read"
    most_read = [
        "Gloucester Docks food festival returns with 60 stalls this weekend",
        "Rail passengers face six weeks of replacement buses on the Golden Valley line",
        "Rugby: Gloucester sign Fijian winger on two-year deal",
        "The village pub saved by its regulars is up for a national award",
        "Weather warning as heavy rain expected across the county on Thursday",
    ]
    news_title = "The Morning Courier"
    news_text = ("The day’s local news, sport and what’s on, in your inbox every weekday at "
                 "7am.")
    news_button = "Sign up"
    news_small = "We will never share your email address. You can unsubscribe at any time."
    footer = [
        "© 2025 Severn Courier Media Ltd. All rights reserved.",
        "Registered office: 4 Westgate Chambers, Gloucester GL1 2NW. Registered in England "
        "and Wales, company number 08471263.",
    ]
    footer_links = ["About us", "Contact us", "Complaints", "Advertise with us",
                    "Privacy notice", "Cookie policy", "Terms and conditions"]
    privacy_button = "Privacy settings"

    ld = _json_ld({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "datePublished": "2025-03-18T06:00:00+00:00",
        "dateModified": "2025-03-18T09:42:00+00:00",
        "author": {"@type": "Person", "name": "Eleanor Marsh"},
        "publisher": {"@type": "NewsMediaOrganization", "name": site},
        "mainEntityOfPage": url,
        "image": [f"{img}/millrace-raid-1200.jpg"],
    })
    page = f"""<!DOCTYPE html>
<html lang="en-GB" class="no-js">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{_e(headline)} | {site}</title>
    <meta name="description" content="Lee Garrow, Dean Garrow and Adrian Pell were jailed at \
Gloucester Crown Court after a seven-week modern slavery trial.">
    <meta name="author" content="Eleanor Marsh">
    <meta name="robots" content="max-image-preview:large">
    <meta property="og:type" content="article">
    <meta property="og:title" content="{html.escape(headline)}">
    <meta property="og:site_name" content="{site}">
    <meta property="og:url" content="{url}">
    <meta property="og:image" content="{img}/millrace-raid-1200.jpg">
    <meta property="article:published_time" content="2025-03-18T06:00:00+00:00">
    <meta property="article:modified_time" content="2025-03-18T09:42:00+00:00">
    <meta property="article:section" content="Courts">
    <meta name="twitter:card" content="summary_large_image">
    <link rel="canonical" href="{url}">
    <link rel="stylesheet" href="/static/css/main.4f2a9c1e.css">
    <style>
      .cmp-banner{{position:fixed;bottom:0;left:0;right:0;z-index:9999;background:#1d1d1b}}
      .cmp-banner p{{color:#fff;font-size:14px;max-width:960px;margin:0 auto 12px}}
      .story-body p{{font-family:Georgia,serif;font-size:18px;line-height:1.6}}
      .inline-related{{border-left:4px solid #c8102e;padding:8px 12px;margin:24px 0}}
    </style>
    <script type="application/ld+json">
    {ld}
    </script>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-7QX2LM04KD"></script>
    <script>{_GTAG}    </script>
  </head>
  <body class="template-article section-courts">
    <a class="skip-link" href="#main-content">{_e(skip)}</a>
    <div id="cookie-consent" class="cmp-banner" role="dialog" aria-modal="false"
         aria-label="Cookie consent">
      <div class="cmp-banner__inner">
        <p>{_e(cookie)}</p>
        <div class="cmp-banner__buttons">
          <button type="button" class="btn btn--primary" data-consent="all">\
{cookie_buttons[0]}</button>
          <button type="button" class="btn btn--secondary" data-consent="none">\
{cookie_buttons[1]}</button>
          <button type="button" class="btn btn--link" data-consent="custom">\
{cookie_buttons[2]}</button>
        </div>
      </div>
    </div>
    <header class="site-header" role="banner">
      <div class="site-header__top">
        <a class="site-logo" href="/" aria-label="{site} home">{site}</a>
        <div class="site-header__date">Tuesday 18 March 2025</div>
        <a class="site-header__subscribe" href="/subscribe?ref=header">{_e(subscribe)}</a>
      </div>
      <nav class="primary-nav" aria-label="Sections">
        <ul class="primary-nav__list">
{_links(nav, " " * 10, "/", "/", li=' class="primary-nav__item"')}
        </ul>
      </nav>
    </header>
    <div class="ad-slot ad-slot--leaderboard" data-ad-unit="/21804/courier/news/top">{ad}</div>
    <main id="main-content" class="page">
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <ol>
{_links(crumbs, " " * 10, "/news/", "/")}
        </ol>
      </nav>
      <div class="page__columns">
        <article class="story" data-story-id="4821937">
          <header class="story__header">
            <h1 class="story__headline">{_e(headline)}</h1>
            <div class="story__meta">
              <span class="byline">By <a rel="author" href="/authors/eleanor-marsh">Eleanor \
Marsh</a>, Courts Correspondent</span>
              <time datetime="2025-03-18T06:00:00+00:00">Tuesday 18 March 2025, 6:00am</time>
            </div>
            <div class="share-bar" aria-label="Share this story">
{_links(share, " " * 14, "#share-", li=' class="share-bar__item"')}
            </div>
          </header>
          <div class="story-body" itemprop="articleBody">
{body}
          </div>
        </article>
        <aside class="page__sidebar" aria-label="Sidebar">
          <section class="most-read">
            <h2 class="most-read__title">{most_read_title}</h2>
            <ol>
{_links(most_read, " " * 14, "/news/", "-{id}")}
            </ol>
          </section>
          <div class="ad-slot ad-slot--mpu" data-ad-unit="/21804/courier/news/mpu">{ad}</div>
          <section class="newsletter-signup">
            <h2>{news_title}</h2>
            <p>{_e(news_text)}</p>
            <form action="/newsletters/subscribe" method="post">
              <label class="visually-hidden" for="nl-email">Email address</label>
              <input id="nl-email" type="email" name="email" placeholder="Your email address">
              <button type="submit">{news_button}</button>
            </form>
            <p class="newsletter-signup__small">{_e(news_small)}</p>
          </section>
        </aside>
      </div>
      <section class="related-stories" aria-labelledby="related-title">
        <h2 id="related-title">{related_title}</h2>
        <ul>
{_links(related, " " * 10, "/news/courts/", "-{id}")}
        </ul>
      </section>
    </main>
    <footer class="site-footer">
      <div class="site-footer__logo">{site}</div>
      <ul class="site-footer__links">
{_links(footer_links, " " * 8, "/")}
      </ul>
      <button type="button" class="site-footer__privacy" data-cmp-open>{privacy_button}</button>
      <p class="site-footer__copyright">{_e(footer[0])}</p>
      <p class="site-footer__address">{_e(footer[1])}</p>
    </footer>
    <script src="/static/js/app.81be02.js" defer></script>
    <script>{_CONSENT_JS}    </script>
  </body>
</html>
"""
    article = (headline, *units)
    return Fixture(
        name="news-en.html",
        data=page.encode("utf-8"),
        article=article,
        boilerplate=_chrome(
            article, skip, cookie, cookie_buttons, subscribe, nav, ad, crumbs, share,
            related_inline, most_read_title, most_read, news_title, news_text, news_button,
            news_small, related_title, related, footer_links, privacy_button, footer,
        ),
        metadata={"title": headline, "date": "2025-03-18", "author": "Eleanor Marsh",
                  "site": site, "url": url},
        lang="en",
    )


# ---------------------------------------------------------------------------------------------
# news-fr.html: a Lyon paper on a shelter (WordPress theme, <div>s only)
# ---------------------------------------------------------------------------------------------

def _news_fr() -> Fixture:
    site = "L’Écho des Deux Rives"
    url = ("https://www.echodesdeuxrives.fr/societe/2025/05/22/"
           "a-villeurbanne-un-foyer-discret-pour-les-femmes-victimes-de-traite/")
    headline = ("À Villeurbanne, un foyer discret aide des femmes sorties de la prostitution "
                "forcée à se reconstruire")
    uploads = "https://www.echodesdeuxrives.fr/wp-content/uploads/2025/05"
    related_inline = "Vaulx-en-Velin : le chantier du nouveau groupe scolaire prend six mois de " \
        "retard"
    blocks = [
        _raw('<div class="td-post-featured-image">'),
        _fig(
            f"{uploads}/foyer-villeurbanne-cuisine-1068x601.jpg",
            "Deux femmes préparent un repas dans une cuisine",
            "Dans la cuisine commune du foyer, les résidentes préparent les repas à tour de "
            "rôle. ",
            _span("td-caption-credit", "Photo Thomas Girerd / L’Écho des Deux Rives"),
            attrs=' class="wp-block-image size-large"',
        ),
        _raw("</div>"),
        _p("""
            Lyon – Derrière une porte cochère sans plaque, dans une rue calme de Villeurbanne,
            une ancienne maison de maître accueille depuis trois ans des femmes qui ont été
            exploitées sexuellement en France, le plus souvent après avoir été recrutées au
            Nigeria, en Roumanie ou en Chine par des réseaux qui leur avaient promis un emploi de
            coiffeuse, de serveuse ou de garde d’enfants.
        """),
        _p("""
            Le foyer, géré par l’association Les Abris de Fourvière, dispose de quatorze places et
            a hébergé 61 femmes depuis son ouverture en 2022 ; certaines n’y sont restées que
            quelques semaines avant d’être orientées vers un autre département pour leur
            sécurité, d’autres près d’un an et demi, le temps d’obtenir un titre de séjour et de
            trouver un logement.
        """),
        _p("""
            « Quand elles arrivent, la première chose qu’on leur rend, c’est le droit de fermer
            une porte à clé », explique Nadia Ferrand, directrice de la structure, qui insiste sur
            le temps nécessaire pour que la confiance s’installe : beaucoup de résidentes ont été
            menacées, elles ou leur famille restée au pays, et n’osent pas parler pendant les
            premières semaines.
        """),
        _h("h3", "Un accompagnement juridique et médical"),
        _p("""
            Chaque résidente est suivie par une travailleuse sociale référente, une juriste
            bénévole et, si elle le souhaite, une psychologue spécialisée dans les traumatismes ;
            l’association a noué des partenariats avec deux centres de santé du quartier et avec
            plusieurs avocats du barreau de Lyon, qui acceptent de représenter gratuitement les
            femmes décidées à porter plainte.
        """),
        _p("""
            Porter plainte reste pourtant une décision lourde. Sur les 61 femmes accueillies, 23
            ont déposé plainte contre leurs exploiteurs, et neuf procédures ont déjà abouti à des
            condamnations devant le tribunal correctionnel de Lyon ou la cour d’assises du Rhône,
            selon les chiffres communiqués par l’association.
        """),
        _p("""
            Grace, une Nigériane de 24 ans dont le prénom a été modifié, est arrivée en avril 2024
            après avoir été repérée par une maraude associative près de la gare de Perrache.
            « J’avais une dette de 35 000 euros. On me disait que je ne la rembourserais jamais si
            je parlais à la police », raconte-t-elle dans un français encore hésitant, assise dans
            la cuisine commune.
        """),
        _raw(f"""
<div class="td-a-rec td-a-rec-id-content_inline">
  <div class="td-related-inline">
    <span class="td-related-title">À lire aussi</span>
    <a href="https://www.echodesdeuxrives.fr/metropole/2025/05/20/{_slug(related_inline)}/"
       rel="bookmark">{_e(_fr(related_inline)).replace(chr(160), "&nbsp;")}</a>
  </div>
</div>
"""),
        _p("""
            Aujourd’hui inscrite à une formation d’aide-soignante, elle partage une chambre avec
            une autre résidente et participe chaque semaine à l’atelier d’écriture animé par une
            bénévole, un moment qu’elle décrit comme « le seul endroit où l’on parle d’autre chose
            que des papiers ».
        """),
        _h("h3", "Des financements encore fragiles"),
        _p("""
            Le budget annuel du foyer, d’environ 540 000 euros, repose pour moitié sur une
            subvention de l’État au titre de la lutte contre la traite des êtres humains, le reste
            provenant de la métropole, de la région et de fondations privées, un équilibre que la
            directrice juge précaire à l’approche du renouvellement des conventions, en fin
            d’année.
        """),
        _p("""
            La préfecture du Rhône indique de son côté avoir délivré 38 titres de séjour en 2024 à
            des victimes de traite ou de proxénétisme ayant coopéré avec la justice ou engagées
            dans un parcours de sortie de la prostitution, contre 27 l’année précédente, et
            assure que les délais d’instruction des dossiers ont été réduits.
        """),
        _p("""
            Pour Nadia Ferrand, le besoin dépasse pourtant largement l’offre : « Nous refusons en
            moyenne deux demandes par semaine, faute de place. Chaque refus, c’est une femme qui
            risque de retourner vers ceux qui l’exploitaient. »
        """),
    ]
    body, units = _render(blocks, " " * 22, typo=_fr)

    cookie = (
        "Avec votre accord, nous et nos 184 partenaires utilisons des cookies ou technologies "
        "similaires pour stocker et consulter des informations sur votre appareil, afin de "
        "mesurer l’audience et de vous proposer des publicités personnalisées."
    )
    cookie_buttons = ["Accepter et fermer", "Continuer sans accepter", "Paramétrer les cookies"]
    top_bar = ["Se connecter", "S’abonner", "Le journal numérique"]
    nav = ["Accueil", "Actualité", "Faits divers", "Politique", "Économie", "Sports", "Culture",
           "Sorties", "Vidéos", "Annonces légales"]
    crumbs = ["Accueil", "Société"]
    share = ["Partager sur Facebook", "Partager sur X", "Partager sur LinkedIn",
             "Envoyer par e-mail", "Imprimer"]
    ad = "Publicité"
    related_title = "Articles similaires"
    related = [
        "Tramway T6 : la ligne prolongée jusqu’à La Doua dès la rentrée",
        "Basket : l’ASVEL s’incline à domicile et perd la tête du classement",
        "Croix-Rousse : la vogue des marrons reviendra sur le boulevard en octobre",
        "Fêtes consulaires : les premières images du défilé historique",
    ]
    comments = ["Laisser un commentaire",
                "Vous devez être connecté pour publier un commentaire."]
    most_read_title = "Les plus lus"
    most_read = [
        "Canicule : la préfecture du Rhône active le plan de vigilance orange",
        "Un immeuble évacué en pleine nuit à la Guillotière après un incendie",
        "Les Nuits de Fourvière dévoilent une programmation record",
        "Périphérique nord : des fermetures nocturnes pendant trois semaines",
        "Marchés de producteurs : notre carte des meilleurs rendez-vous du week-end",
    ]
    news_title = "La lettre du matin"
    news_text = "Recevez chaque matin à 7 heures l’essentiel de l’actualité lyonnaise."
    news_button = "Je m’inscris"
    footer = [
        "© 2025 L’Écho des Deux Rives – Tous droits réservés",
        "Rédaction : 18 quai Victor-Augagneur, 69003 Lyon – Tél. 04 78 00 12 34",
    ]
    footer_links = ["Mentions légales", "Politique de confidentialité", "Gestion des cookies",
                    "Nous contacter", "Annoncer dans le journal"]

    def fr(text: str) -> str:
        return _e(_fr(text)).replace("\u00a0", "&nbsp;")

    page = f"""<!DOCTYPE html>
<html lang="fr-FR">
<head>
  <meta charset="UTF-8">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <title>{_e(headline)} - {_e(site)}</title>
  <meta name="description" content="Depuis 2022, l’association Les Abris de Fourvière a hébergé \
61 femmes victimes de traite à des fins d’exploitation sexuelle.">
  <meta name="author" content="Camille Berthaud">
  <meta property="og:locale" content="fr_FR">
  <meta property="og:type" content="article">
  <meta property="og:title" content="{html.escape(headline)}">
  <meta property="og:site_name" content="{html.escape(site)}">
  <meta property="og:url" content="{url}">
  <meta property="og:image" content="{uploads}/foyer-villeurbanne-cuisine.jpg">
  <meta property="article:published_time" content="2025-05-22T07:30:00+02:00">
  <meta property="article:modified_time" content="2025-05-22T11:05:12+02:00">
  <meta property="article:section" content="Société">
  <link rel="canonical" href="{url}">
  <link rel="stylesheet" id="td-theme-css"
        href="https://www.echodesdeuxrives.fr/wp-content/themes/Newspaper/style.css?ver=12.6.1"
        type="text/css" media="all">
  <style id="td-theme-inline-css">
    .td-post-content p{{font-size:17px;line-height:29px;margin-bottom:26px}}
    .td-related-inline{{background:#f5f5f5;padding:14px 20px;margin:0 0 26px}}
    #cmp-app{{position:fixed;inset:auto 0 0 0;background:#fff;box-shadow:0 -2px 8px #0003}}
  </style>
  <script>var tdBlocksArray = []; var tdLocalCache = {{}}; \
var td_ajax_url = "https://www.echodesdeuxrives.fr/wp-admin/admin-ajax.php?td_theme_name=Newspaper";
  </script>
  <script>{_GTAG}  </script>
</head>
<body class="post-template-default single single-post postid-88213 single-format-standard \
td-standard-pack global-block-template-1 td-full-layout" itemscope="itemscope"
      itemtype="https://schema.org/WebPage">
<div id="cookie-consent" class="cmp-app" role="region" aria-label="Bannière cookies">
  <div class="cmp-text"><p>{fr(cookie)}</p></div>
  <div class="cmp-actions">
    <button class="cmp-btn cmp-btn-accept" data-consent="all">{cookie_buttons[0]}</button>
    <button class="cmp-btn cmp-btn-deny" data-consent="none">{cookie_buttons[1]}</button>
    <button class="cmp-btn cmp-btn-settings" data-consent="custom">{cookie_buttons[2]}</button>
  </div>
</div>
<div class="td-scroll-up"><i class="td-icon-menu-up"></i></div>
<div id="td-outer-wrap" class="td-theme-wrap">
  <div class="td-header-wrap td-header-style-1">
    <div class="td-header-top-menu-full td-container-wrap">
      <div class="td-header-top-menu">
        <ul class="top-header-menu">
{_links(top_bar, " " * 10, "/", "/", li=' class="menu-item"')}
        </ul>
      </div>
    </div>
    <div class="td-banner-wrap-full td-logo-wrap-full td-container-wrap">
      <div class="td-header-sp-logo">
        <a class="td-main-logo" href="https://www.echodesdeuxrives.fr/">
          <img class="td-retina-data" src="{uploads}/logo-echo-2x.png" alt="{_e(site)}"
               width="544" height="90">
          <span class="td-visual-hidden">{_e(site)}</span>
        </a>
      </div>
    </div>
    <div class="td-header-menu-wrap-full td-container-wrap">
      <div class="td-header-menu-wrap td-header-gradient">
        <div id="td-header-menu" role="navigation">
          <div class="menu-menu-principal-container">
            <ul id="menu-menu-principal" class="sf-menu">
{_links(nav, " " * 14, "/", "/", li=' class="menu-item menu-item-type-taxonomy"')}
            </ul>
          </div>
        </div>
      </div>
    </div>
  </div>
  <div class="td-main-content-wrap td-container-wrap">
    <div class="td-container td-post-template-default">
      <div class="td-crumb-container">
        <div class="entry-crumbs">
          <span><a title="" class="entry-crumb" href="https://www.echodesdeuxrives.fr/">\
{crumbs[0]}</a></span> <i class="td-icon-right td-bread-sep"></i>
          <span><a title="Voir tous les articles dans {crumbs[1]}" class="entry-crumb"
                   href="https://www.echodesdeuxrives.fr/societe/">{crumbs[1]}</a></span>
        </div>
      </div>
      <div class="td-pb-row">
        <div class="td-pb-span8 td-main-content" role="main">
          <div class="td-ss-main-content">
            <div class="clearfix"></div>
            <div class="post-88213 post type-post status-publish format-standard">
              <div class="td-post-header">
                <ul class="td-category">
                  <li class="entry-category"><a href="/societe/">{crumbs[1]}</a></li>
                </ul>
                <div class="td-post-title">
                  <h1 class="entry-title">{_e(headline)}</h1>
                  <div class="td-module-meta-info">
                    <div class="td-post-author-name"><div class="td-author-by">Par</div>
                      <a href="https://www.echodesdeuxrives.fr/author/cberthaud/">Camille \
Berthaud</a><div class="td-author-line"> - </div></div>
                    <span class="td-post-date"><time class="entry-date updated td-module-date"
                      datetime="2025-05-22T07:30:00+02:00">22 mai 2025</time></span>
                  </div>
                </div>
              </div>
              <div class="td-post-sharing-top">
                <div class="td-post-sharing td-ps-bg td-ps-notext">
                  <ul class="td-social-sharing-buttons">
{_links(share, " " * 20, "#partage-", a=' class="td-social-sharing-button" rel="nofollow"')}
                  </ul>
                </div>
              </div>
              <div class="td-post-content tagdiv-type">
                <div class="td-a-rec td-a-rec-id-content_top"><span class="td-adspot-title">\
{ad}</span></div>
                <div class="entry">
{body}
                </div>
              </div>
              <div class="td-post-source-tags">
                <ul class="td-tags td-post-small-box clearfix">
                  <li><span>Mots-clés</span></li>
                  <li><a href="/tag/traite-des-etres-humains/">traite des êtres humains</a></li>
                  <li><a href="/tag/villeurbanne/">Villeurbanne</a></li>
                </ul>
              </div>
            </div>
            <div class="td_block_wrap td_block_related_posts">
              <h4 class="td-related-title"><span>{related_title}</span></h4>
              <ul class="td_block_inner">
{_links(related, " " * 16, "https://www.echodesdeuxrives.fr/", "/", a=' rel="bookmark"')}
              </ul>
            </div>
            <div class="comments" id="comments">
              <div id="respond" class="comment-respond">
                <h3 id="reply-title" class="comment-reply-title">{comments[0]}</h3>
                <p class="must-log-in">{_e(comments[1])}</p>
              </div>
            </div>
          </div>
        </div>
        <div class="td-pb-span4 td-main-sidebar" role="complementary">
          <div class="td-ss-main-sidebar">
            <div class="td_block_wrap td_block_popular">
              <h4 class="block-title"><span>{most_read_title}</span></h4>
              <ol class="td_block_inner">
{_links(most_read, " " * 16, "https://www.echodesdeuxrives.fr/", "/")}
              </ol>
            </div>
            <div class="td_block_wrap td_block_newsletter">
              <h4 class="block-title"><span>{news_title}</span></h4>
              <div class="tdn-descr">{_e(news_text)}</div>
              <form class="tdn-form" action="/newsletter/" method="post">
                <input type="email" name="email" placeholder="Votre adresse e-mail" required>
                <button type="submit" class="tdn-submit">{_e(news_button)}</button>
              </form>
            </div>
          </div>
        </div>
      </div>
    </div>
  </div>
  <div class="td-footer-wrapper td-container-wrap">
    <div class="td-container">
      <div class="footer-logo-wrap">{_e(site)}</div>
      <div class="footer-text-wrap">{fr(footer[1])}</div>
      <div class="td-sub-footer-container">
        <div class="td-sub-footer-menu">
          <ul class="menu">
{_links(footer_links, " " * 12, "/", "/")}
          </ul>
        </div>
        <div class="td-sub-footer-copy">{_e(footer[0])}</div>
      </div>
    </div>
  </div>
</div>
<script type="text/javascript" src="https://www.echodesdeuxrives.fr/wp-includes/js/jquery/jquery.min.js?ver=3.7.1"
        id="jquery-core-js"></script>
<script>{_CONSENT_JS}</script>
</body>
</html>
"""
    article = (headline, *units)
    return Fixture(
        name="news-fr.html",
        data=page.encode("utf-8"),
        article=article,
        boilerplate=_chrome(
            article, cookie, cookie_buttons, top_bar, nav, crumbs, share, ad, related_inline,
            related_title, related, comments, most_read_title, most_read, news_title,
            news_text, news_button, footer, footer_links,
        ),
        metadata={"title": headline, "date": "2025-05-22", "author": "Camille Berthaud",
                  "site": site, "url": url},
        lang="fr",
    )


# ---------------------------------------------------------------------------------------------
# news-vi.html: a Vietnamese news site on a cross-border cooperation agreement
# ---------------------------------------------------------------------------------------------

def _news_vi() -> Fixture:
    site = "Tin Tức Mekong"
    url = ("https://tintucmekong.vn/phap-luat/"
           "an-giang-va-takeo-ky-ket-hop-tac-phong-chong-mua-ban-nguoi-qua-bien-gioi-"
           "post318274.html")
    headline = "An Giang và Takeo ký kết hợp tác phòng, chống mua bán người qua biên giới"
    img = "https://cdn.tintucmekong.vn/2025/3/28"
    related_inline = [
        "Triệt phá đường dây đưa người vượt biên trái phép qua cửa khẩu phụ",
        "Cảnh báo chiêu lừa tuyển lao động đi nước ngoài qua mạng xã hội",
    ]
    blocks = [
        _h("h2", """
            AN GIANG – Sáng 28/3, tại thành phố Long Xuyên, Công an tỉnh An Giang và Sở Cảnh sát
            tỉnh Takeo (Vương quốc Campuchia) đã ký kết biên bản ghi nhớ về hợp tác phòng, chống
            tội phạm mua bán người qua biên giới giai đoạn 2025–2027, trong bối cảnh tình trạng
            công dân bị lừa đưa sang làm việc tại các cơ sở lừa đảo trực tuyến vẫn diễn biến phức
            tạp.
        """, attrs=' class="detail-sapo" data-role="sapo"'),
        _raw('<div class="detail-cmain" data-role="content" itemprop="articleBody">'),
        _p("""
            Theo biên bản ghi nhớ, hai bên thống nhất thiết lập đường dây nóng trực 24/24 giờ giữa
            công an các địa phương giáp biên của An Giang và các đồn cảnh sát của tỉnh Takeo,
            định kỳ sáu tháng một lần trao đổi thông tin về các đường dây, ổ nhóm có dấu hiệu tổ
            chức xuất cảnh trái phép và mua bán người, đồng thời phối hợp xác minh, tiếp nhận và
            trao trả nạn nhân trong thời gian sớm nhất.
        """, attrs=' style="text-align: justify;"'),
        _p("""
            Phát biểu tại lễ ký kết, Đại tá Trần Minh Khoa, Phó Giám đốc Công an tỉnh An Giang,
            cho biết từ đầu năm 2024 đến nay, lực lượng chức năng của tỉnh đã tiếp nhận 412 công
            dân được giải cứu hoặc tự trốn thoát khỏi các cơ sở cờ bạc, lừa đảo trực tuyến ở nước
            bạn, trong đó có 37 người dưới 18 tuổi và nhiều trường hợp bị đánh đập, bị giữ giấy
            tờ tùy thân.
        """, attrs=' style="text-align: justify;"'),
        _fig(
            f"{img}/ky-ket-an-giang-takeo-17431528.jpg",
            "Lễ ký kết biên bản ghi nhớ",
            "Đại diện Công an tỉnh An Giang và Sở Cảnh sát tỉnh Takeo trao biên bản ghi nhớ "
            "hợp tác tại lễ ký kết. Ảnh: Minh Trí",
            attrs=' class="expNoEdit"', caption_in_p=True,
        ),
        _p("""
            “Các đối tượng thường đăng tin tuyển dụng trên mạng xã hội với mức lương từ 1.500
            đến 2.000 USD mỗi tháng, không cần kinh nghiệm, bao ăn ở và lo toàn bộ chi phí đi
            lại; khi sang đến nơi, người lao động bị thu hộ chiếu, bị ép làm việc 14 đến 16 giờ
            mỗi ngày và bị bán qua lại giữa các công ty nếu không đạt chỉ tiêu”, Đại tá Trần Minh
            Khoa nói.
        """, attrs=' style="text-align: justify;"'),
        _p("""
            Về phía Campuchia, Thiếu tướng Sok Vannak, Giám đốc Sở Cảnh sát tỉnh Takeo, khẳng
            định lực lượng cảnh sát tỉnh sẽ tăng cường kiểm tra các khu vực nghi vấn dọc tuyến
            biên giới, xử lý nghiêm các đối tượng môi giới, vận chuyển người trái phép và tạo điều
            kiện để nạn nhân người Việt Nam được hồi hương an toàn qua cửa khẩu quốc tế Tịnh Biên
            – Phnom Den.
        """, attrs=' style="text-align: justify;"'),
        _h("h3", "Hỗ trợ nạn nhân tái hòa nhập cộng đồng"),
        _p("""
            Bên cạnh hợp tác điều tra, hai bên cũng thống nhất phối hợp với các tổ chức quốc tế
            và tổ chức phi chính phủ trong việc hỗ trợ y tế, tâm lý và pháp lý cho nạn nhân trong
            thời gian chờ làm thủ tục trao trả, bảo đảm nạn nhân là trẻ em được tiếp nhận riêng
            và có cán bộ chuyên trách đi cùng.
        """, attrs=' style="text-align: justify;"'),
        _raw(f"""
<div class="box-tinlienquan" data-ads="false">
  <p class="box-tinlienquan__title">Xem thêm</p>
  <ul>
{_links(related_inline, "    ", "https://tintucmekong.vn/phap-luat/", "-post{id}.html")}
  </ul>
</div>
"""),
        _p("""
            Theo số liệu của ngành lao động – thương binh và xã hội tỉnh An Giang, trong năm 2024,
            tỉnh đã hỗ trợ 286 nạn nhân và người có dấu hiệu là nạn nhân với tổng kinh phí hơn
            1,3 tỷ đồng, bao gồm tiền ăn, chi phí đi lại về nơi cư trú, khám chữa bệnh, tư vấn
            tâm lý và học nghề; nhiều người sau khi trở về đã được giới thiệu việc làm tại các
            khu công nghiệp trong tỉnh.
        """, attrs=' style="text-align: justify;"'),
        _p("""
            Bà Lê Thị Ngọc Hân, cán bộ Hội Liên hiệp Phụ nữ thị xã Tịnh Biên, người trực tiếp tham
            gia tiếp nhận nạn nhân tại cửa khẩu, cho biết nhiều người trở về trong tình trạng suy
            kiệt, mang theo khoản nợ đã vay để trả “tiền chuộc” cho các đối tượng, và phần lớn
            không dám chia sẻ với hàng xóm vì sợ bị kỳ thị.
        """, attrs=' style="text-align: justify;"'),
        _p("""
            Lãnh đạo Công an tỉnh An Giang khuyến cáo người dân, đặc biệt là thanh niên ở các xã
            biên giới, cảnh giác trước những lời mời đi làm việc ở nước ngoài với mức lương cao
            nhưng không rõ công ty, không có hợp đồng lao động; khi phát hiện dấu hiệu nghi vấn,
            cần báo ngay cho cơ quan công an gần nhất để được hướng dẫn, hỗ trợ kịp thời.
        """, attrs=' style="text-align: justify;"'),
        _raw("</div>"),
    ]
    body, units = _render(blocks, " " * 12)

    cookie = (
        "Chúng tôi sử dụng cookie để cải thiện trải nghiệm đọc báo, phân tích lưu lượng truy cập "
        "và hiển thị quảng cáo phù hợp. Bằng việc tiếp tục sử dụng trang, bạn đồng ý với chính "
        "sách cookie của chúng tôi."
    )
    cookie_buttons = ["Đồng ý", "Từ chối"]
    top = ["Đăng nhập", "Tải ứng dụng", "Đường dây nóng: 0296 3855 123"]
    nav = ["Trang chủ", "Thời sự", "Thế giới", "Kinh tế", "Pháp luật", "Giáo dục", "Sức khỏe",
           "Đời sống", "Thể thao", "Giải trí", "Du lịch", "Video"]
    crumbs = ["Trang chủ", "Pháp luật", "An ninh trật tự"]
    share = ["Chia sẻ Facebook", "Chia sẻ Zalo", "Sao chép liên kết"]
    ad = "Quảng cáo"
    related_title = "Tin liên quan"
    related = [
        "Giá lúa tăng nhẹ, nông dân phấn khởi thu hoạch vụ đông xuân",
        "Khánh thành cầu nông thôn mới tại xã biên giới Vĩnh Xương",
        "Lễ hội Vía Bà Chúa Xứ núi Sam năm 2025 thu hút hàng trăm nghìn du khách",
        "Tăng cường kiểm tra an toàn thực phẩm tại các bếp ăn tập thể",
    ]
    most_read_title = "Đọc nhiều"
    most_read = [
        "Mưa trái mùa gây thiệt hại hơn 200 ha lúa chín tại huyện Châu Phú",
        "Khởi công tuyến cao tốc nối Châu Đốc với Cần Thơ và Sóc Trăng",
        "Học sinh An Giang giành 3 huy chương vàng tại hội thi khoa học kỹ thuật",
        "Giá xăng dầu giảm lần thứ ba liên tiếp từ 15 giờ chiều nay",
        "Phát hiện cá thể rùa quý hiếm trong rừng tràm Trà Sư",
    ]
    news_title = "Đăng ký nhận bản tin"
    news_text = "Nhận tin nóng và bài viết chọn lọc qua email mỗi sáng."
    news_button = "Đăng ký"
    footer = [
        "© 2025 Tin Tức Mekong. Giấy phép hoạt động báo điện tử số 142/GP-BTTTT cấp ngày "
        "12/4/2021.",
        "Tổng biên tập: Phạm Văn Lộc",
        "Tòa soạn: 58 đường Hùng Vương, phường Mỹ Long, TP Long Xuyên, tỉnh An Giang",
        "Ghi rõ nguồn “Tin Tức Mekong” khi phát hành lại thông tin từ website này.",
    ]
    footer_links = ["Giới thiệu", "Liên hệ quảng cáo", "Điều khoản sử dụng",
                    "Chính sách bảo mật"]

    page = f"""<!DOCTYPE html>
<html lang="vi">
<head>
    <meta charset="utf-8">
    <meta http-equiv="X-UA-Compatible" content="IE=edge">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{_e(headline)} | {site}</title>
    <meta name="description" content="Hai bên thống nhất thiết lập đường dây nóng, trao đổi \
thông tin và phối hợp trao trả nạn nhân mua bán người.">
    <meta name="keywords" content="mua bán người, An Giang, Takeo, biên giới, lừa đảo trực tuyến">
    <meta name="author" content="Nguyễn Thu Hà">
    <meta name="copyright" content="{site}">
    <meta property="og:type" content="article">
    <meta property="og:title" content="{html.escape(headline)}">
    <meta property="og:site_name" content="{site}">
    <meta property="og:url" content="{url}">
    <meta property="og:image" content="{img}/ky-ket-an-giang-takeo-17431528.jpg">
    <meta property="article:published_time" content="2025-03-28T11:45:00+07:00">
    <meta property="article:section" content="Pháp luật">
    <link rel="canonical" href="{url}">
    <link rel="amphtml" href="{url.replace('tintucmekong.vn/', 'tintucmekong.vn/amp/')}">
    <link rel="stylesheet" href="https://static.tintucmekong.vn/css/detail.min.css?v=20250301">
    <style>
        .detail-sapo{{font-weight:700;font-size:18px;line-height:1.6}}
        .detail-cmain p{{font-size:18px;line-height:1.7;margin:0 0 16px}}
        .PhotoCMS_Caption p,figcaption p{{font-style:italic;text-align:center;color:#555}}
        #cookie-consent{{position:fixed;bottom:0;width:100%;background:#fffbe6}}
    </style>
    <script>var pageSettings = {{ pageType: "detail", articleId: 318274, zoneId: 12 }};</script>
    <script>{_GTAG}    </script>
</head>
<body>
    <div class="topbar">
        <div class="container">
            <span class="topbar__date">Thứ Sáu, 28/3/2025</span>
            <ul class="topbar__links">
{_links(top, " " * 16, "/", li=' class="topbar__item"')}
            </ul>
        </div>
    </div>
    <div class="header">
        <div class="container">
            <a class="logo" href="https://tintucmekong.vn/" title="{site}">
                <img src="https://static.tintucmekong.vn/images/logo.svg" alt="{site}">
            </a>
            <div class="menu-main" id="menu-main">
                <ul>
{_links(nav, " " * 20, "https://tintucmekong.vn/", "/")}
                </ul>
            </div>
        </div>
    </div>
    <div class="banner-top" data-zone="detail_top"><span class="ads-label">{ad}</span></div>
    <div class="container">
        <div class="breadcrumb">
            <a href="https://tintucmekong.vn/">{crumbs[0]}</a> /
            <a href="https://tintucmekong.vn/phap-luat/">{crumbs[1]}</a> /
            <a href="https://tintucmekong.vn/phap-luat/an-ninh-trat-tu/">{crumbs[2]}</a>
        </div>
        <div class="detail-layout">
          <div class="detail-left">
            <div class="detail-time">Thứ Sáu, 28/3/2025 11:45 (GMT+7)</div>
            <h1 class="detail-title">{_e(headline)}</h1>
{body}
            <p class="detail-author"><strong>Nguyễn Thu Hà</strong></p>
            <div class="detail-share">
                <ul>
{_links(share, " " * 20, "#", a=' rel="nofollow"')}
                </ul>
            </div>
            <div class="box-related">
                <div class="box-related__title">{related_title}</div>
                <ul>
{_links(related, " " * 20, "https://tintucmekong.vn/thoi-su/", "-post{id}.html")}
                </ul>
            </div>
          </div>
          <div class="detail-right">
            <div class="box-most-read">
                <div class="box-most-read__title">{most_read_title}</div>
                <ol>
{_links(most_read, " " * 20, "https://tintucmekong.vn/thoi-su/", "-post{id}.html")}
                </ol>
            </div>
            <div class="box-newsletter">
                <div class="box-newsletter__title">{news_title}</div>
                <div class="box-newsletter__text">{_e(news_text)}</div>
                <form action="/newsletter" method="post">
                    <input type="email" name="email" placeholder="Email của bạn">
                    <button type="submit">{news_button}</button>
                </form>
            </div>
            <div class="banner-right" data-zone="detail_right">\
<span class="ads-label">{ad}</span></div>
          </div>
        </div>
    </div>
    <div class="footer">
        <div class="container">
            <ul class="footer__links">
{_links(footer_links, " " * 16, "https://tintucmekong.vn/")}
            </ul>
            <div class="footer__info">
                <div>{_e(footer[0])}</div>
                <div>{_e(footer[1])}</div>
                <div>{_e(footer[2])}</div>
                <div>{_e(footer[3])}</div>
            </div>
        </div>
    </div>
    <div id="cookie-consent" class="cookie-bar">
        <p>{_e(cookie)}</p>
        <button type="button" data-consent="all">{cookie_buttons[0]}</button>
        <button type="button" data-consent="none">{cookie_buttons[1]}</button>
    </div>
    <script src="https://static.tintucmekong.vn/js/detail.min.js?v=20250301"></script>
    <script>{_CONSENT_JS}    </script>
</body>
</html>
"""
    article = (headline, *units)
    return Fixture(
        name="news-vi.html",
        data=page.encode("utf-8"),
        article=article,
        boilerplate=_chrome(
            article, top, nav, ad, crumbs, related_inline, share, related_title, related,
            most_read_title, most_read, news_title, news_text, news_button, footer_links,
            footer, cookie, cookie_buttons,
        ),
        metadata={"title": headline, "date": "2025-03-28", "author": "Nguyễn Thu Hà",
                  "site": site, "url": url},
        lang="vi",
    )


# ---------------------------------------------------------------------------------------------
# release-en.html: an intergovernmental agency's press release (Drupal-like markup)
# ---------------------------------------------------------------------------------------------

def _release_en() -> Fixture:
    site = "Global Office for Safe Migration"
    base = "https://www.gosm-int.org"
    url = f"{base}/news/recruitment-debt-drives-forced-labour-among-returning-migrant-workers"
    headline = ("Recruitment debt drives forced labour among returning migrant workers, new "
                "regional survey finds")
    img = f"{base}/sites/default/files/styles/hero/public/2025-06"
    report = "Owing the Journey: Recruitment Debt and Forced Labour in the Mekong Corridor"
    blocks = [
        _p("""
            Bangkok, 12 June 2025 – More than a third of migrant workers who returned home to
            Cambodia, the Lao People’s Democratic Republic, Myanmar and Viet Nam in the past two
            years had paid recruitment fees so high that they borrowed at interest rates above 10
            per cent a month, according to a survey released today by the Global Office for Safe
            Migration (GOSM).
        """),
        _p("""
            The survey, which interviewed 3,412 returnees at border crossings, reception centres
            and in their home villages between March 2024 and February 2025, found that workers
            who reached their destination already owing more than six months’ expected wages were
            almost four times as likely to report at least three indicators of forced labour,
            such as withheld wages, confiscated identity documents or threats against family
            members.
        """),
        _p("""
            “Debt is the invisible chain in most of the cases we see,” said Marguerite
            Okonjo-Lind, GOSM Regional Director for Asia and the Pacific. “A worker who owes a
            recruiter the equivalent of a year’s income will accept conditions that no one would
            otherwise accept, and will rarely come forward, because reporting the abuse often
            means losing the very job that is supposed to repay the loan.”
        """),
        _fig(
            f"{img}/returnee-interview-poipet.jpg",
            "A woman answers questions from a field officer holding a tablet",
            "A returning migrant worker is interviewed by a GOSM field officer at a reception "
            "centre near the Cambodia–Thailand border in November 2024. © GOSM 2025/Dara Lim",
            attrs=' class="media media--image"',
        ),
        _p("""
            Women made up 41 per cent of respondents and were more likely than men to have been
            employed in private households, where labour inspections are rare; 18 per cent of the
            women interviewed said they had never been allowed to leave their employer’s home
            unaccompanied at any point during their contract.
        """),
        _p("""
            The survey also points to progress. In the two countries where governments have
            capped recruitment fees and required licensed agencies to recover them from
            employers rather than workers, the share of respondents reporting debts above six
            months’ wages fell from 29 per cent in the 2021 round of the survey to 12 per cent in
            2025.
        """),
        _p("""
            GOSM is calling on governments in the region to extend the employer-pays principle to
            all sectors, including fishing, agriculture and domestic work, to strengthen joint
            inspections of recruitment agencies with destination countries, and to ensure that
            workers who report exploitation can change employers without losing their legal
            status.
        """),
        _p("""
            “We know what works,” Okonjo-Lind added. “When employers pay the fees and workers can
            leave an abusive job without being deported, the business model of exploitation
            simply stops being profitable.”
        """),
        _p("The full report, ", _a(f"{base}/publications/owing-the-journey", report),
           ", is available in English, Khmer, Lao, Myanmar and Vietnamese on the GOSM website."),
        _h("h2", "Notes to editors"),
        _p("""
            The Mekong Returnee Survey is carried out every two years by GOSM together with
            national statistical offices and partner organizations. The 2025 round used a
            stratified sample of returnees identified through 14 reception centres and 62 border
            communities; the margin of error for regional estimates is plus or minus 1.7
            percentage points.
        """),
        _p("""
            The Global Office for Safe Migration is an intergovernmental organization with 58
            Member States that supports safe, orderly and regular migration through research,
            direct assistance to migrants and technical cooperation with governments.
        """),
    ]
    body, units = _render(blocks, " " * 20)

    cookie = (
        "This website uses cookies to give you the best experience. By clicking “Accept "
        "cookies”, you consent to the use of analytics cookies as described in our cookie "
        "policy."
    )
    cookie_buttons = ["Accept cookies", "Decline", "Cookie policy"]
    tagline = "Protecting people on the move"
    utility = ["Donate", "Careers", "Procurement", "Contact"]
    nav = ["Who we are", "What we do", "Where we work", "Data and research", "Publications",
           "News and stories", "Media centre", "Get involved", "Emergencies"]
    crumbs = ["Home", "Media centre", "Press releases"]
    label = "Press release"
    share = ["Share on Facebook", "Share on LinkedIn", "Share on X", "Print this page"]
    contacts_title = "Media contacts"
    contacts = [
        "Somchai Rattanakorn, GOSM Regional Office for Asia and the Pacific, Bangkok",
        "Tel: +66 2 555 0142 | Email: media.bangkok@gosm-int.org",
        "Lucía Ferraz, GOSM Headquarters, Geneva",
        "Tel: +41 22 555 91 30 | Email: press@gosm-int.org",
    ]
    related_title = "Related press releases"
    related = [
        "GOSM and Pacific island states launch a shared climate mobility data hub",
        "Statement by the Director General on the 76th session of the Executive Committee",
        "New funding helps returnees start small businesses in northern Ghana",
    ]
    most_read_title = "Most viewed"
    most_read = [
        "World Migration Snapshot 2025",
        "Emergency appeal: displacement in the Sahel",
        "How a mobile clinic reaches seasonal workers in the Andes",
        "Call for proposals: research grants on labour mobility",
    ]
    news_title = "Subscribe to GOSM updates"
    news_text = "Get the latest news, data and stories from our work around the world."
    news_button = "Subscribe"
    footer_about = "GOSM Headquarters, Chemin des Vignes 9, 1209 Geneva, Switzerland"
    footer_links = ["Terms of use", "Privacy policy", "Fraud alert", "Accessibility",
                    "Sitemap"]
    footer_copy = "© 2025 Global Office for Safe Migration (GOSM). All rights reserved."

    page = f"""<!DOCTYPE html>
<html lang="en" dir="ltr" prefix="og: https://ogp.me/ns#">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <title>{_e(headline)} | {site}</title>
    <meta name="description" content="Workers who arrived owing more than six months' wages \
were almost four times as likely to report forced labour, GOSM survey finds.">
    <meta name="author" content="GOSM Media Centre">
    <meta property="og:site_name" content="{site}">
    <meta property="og:type" content="article">
    <meta property="og:url" content="{url}">
    <meta property="og:title" content="{html.escape(headline)}">
    <meta property="og:image" content="{img}/returnee-interview-poipet.jpg">
    <meta property="article:published_time" content="2025-06-12T09:00:00+07:00">
    <meta name="Generator" content="Drupal 10 (https://www.drupal.org)">
    <link rel="canonical" href="{url}">
    <link rel="shortlink" href="{base}/node/48120">
    <link rel="alternate" hreflang="fr" href="{base}/fr/news/la-dette-de-recrutement">
    <link rel="stylesheet" media="all" href="/sites/default/files/css/css_hQ8s0xX.css">
    <style>
      .eu-cookie-compliance-banner{{background:#0033a0;color:#fff;padding:16px 24px}}
      .field--name-body p{{max-width:72ch}}
      .media-contacts{{border-top:1px solid #ccd6eb;margin-top:32px;padding-top:16px}}
    </style>
    <script type="application/json" data-drupal-selector="drupal-settings-json">\
{{"path":{{"baseUrl":"\\/","currentPath":"node\\/48120","currentLanguage":"en"}}}}</script>
    <script>{_GTAG}    </script>
  </head>
  <body class="path-node page-node-type-press-release">
    <a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>
    <div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
      <div id="cookie-consent" class="eu-cookie-compliance-banner" role="banner">
        <div class="popup-content info">
          <div id="popup-text"><p>{_e(cookie)}</p></div>
          <div id="popup-buttons">
            <button type="button" class="agree-button" data-consent="all">\
{cookie_buttons[0]}</button>
            <button type="button" class="decline-button" data-consent="none">\
{cookie_buttons[1]}</button>
            <a class="find-more-button" href="/cookie-policy">{cookie_buttons[2]}</a>
          </div>
        </div>
      </div>
      <div class="region region-top-bar">
        <ul class="menu menu--utility">
{_links(utility, " " * 10, "/")}
        </ul>
        <div class="language-switcher" aria-label="Language">
          <a href="/news/recruitment-debt" hreflang="en" class="is-active">English</a>
          <a href="/fr/news/la-dette-de-recrutement" hreflang="fr">Français</a>
          <a href="/es/news/la-deuda-de-contratacion" hreflang="es">Español</a>
        </div>
      </div>
      <header role="banner" class="region region-header">
        <div class="site-branding">
          <a href="/" rel="home" class="site-branding__logo">
            <img src="/themes/custom/gosm/logo.svg" alt="GOSM logo" width="180" height="56">
          </a>
          <div class="site-branding__slogan">{tagline}</div>
        </div>
        <nav role="navigation" aria-labelledby="block-mainnavigation-menu"
             id="block-mainnavigation">
          <h2 class="visually-hidden" id="block-mainnavigation-menu">Main navigation</h2>
          <ul class="menu menu--main">
{_links(nav, " " * 12, "/", li=' class="menu-item menu-item--expanded"')}
          </ul>
        </nav>
      </header>
      <div class="region region-breadcrumb">
        <nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb">
          <h2 id="system-breadcrumb" class="visually-hidden">Breadcrumb</h2>
          <ol>
{_links(crumbs, " " * 12, "/")}
          </ol>
        </nav>
      </div>
      <main role="main">
        <a id="main-content" tabindex="-1"></a>
        <div class="layout-content">
          <div class="region region-content">
            <div id="block-gosm-content">
              <div class="node node--type-press-release node--view-mode-full">
                <div class="field field--name-field-content-type">{label}</div>
                <h1 class="page-title"><span class="field field--name-title">\
{_e(headline)}</span></h1>
                <div class="node__meta">
                  <div class="field field--name-field-date">
                    <time datetime="2025-06-12T02:00:00Z">12 June 2025</time>
                  </div>
                  <div class="field field--name-field-location">Bangkok</div>
                </div>
                <div class="share-links">
                  <ul>
{_links(share, " " * 20, "#share-", a=' target="_blank" rel="noopener"')}
                  </ul>
                </div>
                <div class="clearfix text-formatted field field--name-body post-body">
{body}
                </div>
                <div class="media-contacts">
                  <h2>{contacts_title}</h2>
                  <p>{_e(contacts[0])}<br>
                    {_e(contacts[1])}</p>
                  <p>{_e(contacts[2])}<br>
                    {_e(contacts[3])}</p>
                </div>
                <div class="field field--name-field-topics">
                  <div class="field__label">Topics</div>
                  <div class="field__items">
                    <div class="field__item"><a href="/topics/labour-migration">Labour \
migration</a></div>
                    <div class="field__item"><a href="/topics/counter-trafficking">\
Counter-trafficking</a></div>
                  </div>
                </div>
              </div>
            </div>
            <div class="views-element-container block-related">
              <h2>{related_title}</h2>
              <div class="view-content">
                <ul>
{_links(related, " " * 18, "/news/")}
                </ul>
              </div>
            </div>
          </div>
        </div>
        <aside class="layout-sidebar-second" role="complementary">
          <div class="block block-most-viewed">
            <h2>{most_read_title}</h2>
            <ul>
{_links(most_read, " " * 14, "/")}
            </ul>
          </div>
          <div class="block block-newsletter">
            <h2>{news_title}</h2>
            <p>{_e(news_text)}</p>
            <form class="newsletter-form" action="/newsletter" method="post">
              <input type="email" name="mail" aria-label="Email" placeholder="Email address">
              <input type="submit" value="{news_button}" class="button">
            </form>
          </div>
        </aside>
      </main>
      <footer role="contentinfo" class="region region-footer">
        <div class="footer__address">{_e(footer_about)}</div>
        <ul class="menu menu--footer">
{_links(footer_links, " " * 10, "/")}
        </ul>
        <div class="footer__copyright">{_e(footer_copy)}</div>
      </footer>
    </div>
    <script src="/sites/default/files/js/js_Xk2a9.js"></script>
    <script>{_CONSENT_JS}    </script>
  </body>
</html>
"""
    article = (headline, *units)
    return Fixture(
        name="release-en.html",
        data=page.encode("utf-8"),
        article=article,
        boilerplate=_chrome(
            article, "Skip to main content", cookie, cookie_buttons, utility, tagline, nav, crumbs,
            label, share, contacts_title, contacts, related_title, related, most_read_title,
            most_read, news_title, news_text, footer_about, footer_links, footer_copy,
        ),
        metadata={"title": headline, "date": "2025-06-12", "author": "GOSM Media Centre",
                  "site": site, "url": url},
        lang="en",
    )


# ---------------------------------------------------------------------------------------------
# release-fr.html: a regional agency's communiqué (Bootstrap grid, <div class="entry">)
# ---------------------------------------------------------------------------------------------

def _release_fr() -> Fixture:
    site = "AOPM – Agence ouest-africaine pour la protection des migrants"
    og_site = "AOPM"
    base = "https://www.aopm-afrique.org"
    url = f"{base}/communiques/2025/09/orpaillage-212-enfants-identifies-victimes-de-traite"
    headline = ("Orpaillage : 212 enfants identifiés comme victimes de traite dans trois régions "
                "frontalières")
    img = f"{base}/medias/2025/09"
    blocks = [
        _p("""
            Dakar, le 4 septembre 2025 – Au total, 212 enfants âgés de 9 à 17 ans ont été
            identifiés comme victimes de traite et de travail forcé sur des sites d’orpaillage
            artisanal de trois régions frontalières du Mali, du Sénégal et de la Guinée, à l’issue
            d’une opération conjointe menée du 11 au 29 août par les services de police, de
            gendarmerie et de protection de l’enfance des trois pays, avec l’appui de l’AOPM.
        """),
        _p("""
            Les enfants, dont 71 filles, travaillaient pour la plupart au fond des puits ou au
            lavage du minerai, sans aucun équipement de protection ; une partie d’entre eux
            avaient été confiés par leur famille à des intermédiaires qui promettaient de les
            scolariser ou de leur trouver un apprentissage dans une ville voisine.
        """),
        _p("""
            Dix-neuf personnes soupçonnées d’avoir recruté, transporté ou exploité ces enfants ont
            été interpellées et présentées aux parquets compétents ; les enquêtes se poursuivent
            afin d’identifier les financiers des sites concernés et les circuits par lesquels l’or
            extrait est écoulé.
        """),
        _p("""
            « Ces enfants ne sont pas des travailleurs, ce sont des victimes, et chaque jour passé
            dans un puits est un jour d’école et de santé qu’on leur vole », a déclaré Aminata
            Diallo-Keïta, directrice régionale de l’AOPM, lors d’un point de presse à Dakar, en
            saluant une coordination « sans précédent » entre les trois administrations.
        """),
        _fig(
            f"{img}/operation-orpaillage-entretien.jpg",
            "Une agente s'entretient avec un groupe d'adolescents",
            "Des agents de protection de l’enfance s’entretiennent avec des mineurs sur un site "
            "d’orpaillage lors de l’opération conjointe, en août 2025. © AOPM / Ousmane Sarr",
            attrs=' class="figure wp-caption aligncenter"',
        ),
        _h("h2", "Prise en charge et retour en famille"),
        _p("""
            Tous les enfants ont bénéficié d’un examen médical et d’un premier entretien
            psychosocial dans des centres de transit gérés par les services sociaux, avec l’appui
            d’organisations partenaires ; 164 d’entre eux ont déjà retrouvé leur famille après
            une évaluation de leur situation, et 48 restent hébergés dans l’attente de la
            localisation de leurs parents.
        """),
        _p("""
            L’AOPM financera pendant douze mois la scolarisation ou la formation professionnelle
            de chaque enfant, ainsi que des activités génératrices de revenus pour 120 familles,
            afin de réduire le risque que ces enfants soient à nouveau envoyés sur les sites
            miniers.
        """),
        _h("h2", "Un cadre de coopération renforcé"),
        _p("""
            L’opération s’inscrit dans le cadre du protocole de coopération transfrontalière signé
            en 2023 par les directions nationales de la protection de l’enfance des trois pays,
            qui prévoit l’échange d’informations entre points focaux, des patrouilles coordonnées
            et des procédures communes de référencement des victimes, y compris lorsque
            celles-ci sont ressortissantes d’un autre État.
        """),
        _p("""
            Pour l’AOPM, la priorité est désormais de pérenniser ce dispositif : l’agence appelle
            les États à affecter des effectifs permanents aux brigades de protection des mineurs
            dans les zones aurifères et à renforcer les contrôles sur les comptoirs d’achat d’or,
            qui restent le maillon le moins surveillé de la chaîne.
        """),
    ]
    body, units = _render(blocks, " " * 16, typo=_fr)

    def fr(text: str) -> str:
        return _e(_fr(text)).replace("\u00a0", "&nbsp;")

    cookie = ("Ce site utilise des cookies de mesure d’audience pour améliorer nos contenus. "
              "Vous pouvez les accepter ou les refuser à tout moment.")
    cookie_buttons = ["Tout accepter", "Tout refuser", "En savoir plus"]
    nav = ["L’Agence", "Nos missions", "Pays d’intervention", "Actualités", "Communiqués",
           "Publications", "Données", "Appels d’offres", "Recrutement", "Nous joindre"]
    crumbs = ["Accueil", "Salle de presse", "Communiqués 2025"]
    label = "Communiqué de presse"
    share = ["Facebook", "LinkedIn", "WhatsApp", "Imprimer", "Télécharger en PDF"]
    contacts_title = "Contacts presse"
    contacts = [
        "Fatou Ndiaye, chargée de communication – presse@aopm-afrique.org – +221 33 555 40 12",
        "Ibrahima Coulibaly, bureau de Bamako – ibcoulibaly@aopm-afrique.org",
    ]
    related_title = "Voir aussi"
    related = [
        "L’AOPM ouvre un bureau de liaison à Niamey",
        "Journée mondiale des réfugiés : message de la directrice générale",
        "Appel d’offres : étude sur la mobilité pastorale au Sahel",
        "Rapport annuel 2024 : les chiffres clés",
    ]
    most_read_title = "Les plus consultés"
    most_read = [
        "Recrutement : assistant(e) de programme, bureau de Conakry",
        "Guide pratique du retour volontaire",
        "Cartographie des routes migratoires en Afrique de l’Ouest",
    ]
    news_title = "Abonnez-vous à notre lettre d’information"
    news_text = "Chaque mois, nos actualités, publications et offres d’emploi."
    news_button = "S’abonner"
    footer = [
        "Siège : Immeuble Kora, avenue Cheikh Anta Diop, BP 45210 Dakar, Sénégal",
        "© 2025 AOPM. Tous droits réservés.",
    ]
    footer_links = ["Mentions légales", "Plan du site", "Accessibilité", "Signaler une fraude",
                    "Protection des données"]

    related_html = "\n".join(
        f'            <div class="col-md-6"><a class="card-link" href="/actualites/{_slug(t)}/">'
        f"{fr(t)}</a></div>"
        for t in related
    )
    page = f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
<title>{_e(headline)} – {_e(site)}</title>
<meta name="description" content="Une opération conjointe menée en août dans trois pays a \
permis d’identifier 212 enfants victimes de traite sur des sites d’orpaillage.">
<meta name="author" content="Service de presse de l’AOPM">
<meta property="og:locale" content="fr_FR">
<meta property="og:type" content="article">
<meta property="og:title" content="{html.escape(headline)}">
<meta property="og:site_name" content="{og_site}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{img}/operation-orpaillage-entretien.jpg">
<meta property="article:published_time" content="2025-09-04T10:00:00+00:00">
<link rel="canonical" href="{url}">
<link href="https://cdn.aopm-afrique.org/vendor/bootstrap/4.6.2/css/bootstrap.min.css"
      rel="stylesheet">
<link href="{base}/assets/css/site.css?v=3.2" rel="stylesheet">
<style>
  .entry p {{ text-align: justify; }}
  .cookie-notice {{ position: fixed; bottom: 1rem; right: 1rem; max-width: 420px; }}
  .contacts-presse {{ background: #f3efe6; padding: 1rem 1.25rem; }}
</style>
<script>{_GTAG}</script>
</head>
<body class="communique">
<div class="topbar bg-dark text-white small">
  <div class="container d-flex justify-content-between">
    <div class="topbar-lang"><a href="/fr/">FR</a> | <a href="/en/">EN</a> | \
<a href="/pt/">PT</a></div>
    <div class="topbar-search"><form action="/recherche"><input type="search" name="q"
      placeholder="Rechercher" aria-label="Rechercher"></form></div>
  </div>
</div>
<div class="navbar navbar-expand-lg navbar-light bg-white border-bottom">
  <div class="container">
    <a class="navbar-brand" href="{base}/"><img src="{base}/assets/img/logo-aopm.png"
       alt="AOPM" height="48"></a>
    <div class="collapse navbar-collapse" id="menuPrincipal">
      <ul class="navbar-nav ml-auto">
{_links(nav, " " * 8, "/", "/", li=' class="nav-item"', a=' class="nav-link"')}
      </ul>
    </div>
  </div>
</div>
<div class="container py-4">
  <div class="row">
    <div class="col-12">
      <ol class="breadcrumb bg-transparent px-0">
{_links(crumbs, " " * 8, "/", "/", li=' class="breadcrumb-item"')}
      </ol>
    </div>
  </div>
  <div class="row">
    <div class="col-lg-8">
      <div class="post">
        <div class="post-label text-uppercase">{label}</div>
        <h1 class="post-title">{fr(headline)}</h1>
        <div class="post-meta text-muted">Publié le 4 septembre 2025 · Service de presse</div>
        <div class="post-share">
          <span>Partager :</span>
          <ul class="list-inline d-inline">
{_links(share, " " * 12, "#", li=' class="list-inline-item"')}
          </ul>
        </div>
        <div class="content">
          <div class="entry">
{body}
          </div>
        </div>
        <div class="contacts-presse mt-4">
          <div class="h5">{contacts_title}</div>
          <div>{_e(contacts[0])}</div>
          <div>{_e(contacts[1])}</div>
        </div>
        <div class="post-related mt-5">
          <div class="h4">{related_title}</div>
          <div class="row">
{related_html}
          </div>
        </div>
      </div>
    </div>
    <div class="col-lg-4">
      <div class="sidebar-block">
        <div class="h5">{most_read_title}</div>
        <ul class="list-unstyled">
{_links(most_read, " " * 10, "/", "/")}
        </ul>
      </div>
      <div class="sidebar-block newsletter">
        <div class="h5">{fr(news_title)}</div>
        <p>{_e(news_text)}</p>
        <form method="post" action="/newsletter/inscription">
          <input class="form-control" type="email" name="courriel" placeholder="Courriel">
          <button class="btn btn-primary mt-2" type="submit">{_e(news_button)}</button>
        </form>
      </div>
    </div>
  </div>
</div>
<div class="footer bg-dark text-white-50 py-4">
  <div class="container">
    <div class="row">
      <div class="col-md-6">
        <div>{fr(footer[0])}</div>
        <div>{_e(footer[1])}</div>
      </div>
      <div class="col-md-6">
        <ul class="list-inline">
{_links(footer_links, " " * 10, "/", "/", li=' class="list-inline-item"')}
        </ul>
      </div>
    </div>
  </div>
</div>
<div id="cookie-consent" class="cookie-notice card shadow">
  <div class="card-body">
    <p class="card-text">{fr(cookie)}</p>
    <button class="btn btn-sm btn-success" data-consent="all">{cookie_buttons[0]}</button>
    <button class="btn btn-sm btn-outline-secondary" data-consent="none">\
{cookie_buttons[1]}</button>
    <a class="small" href="/cookies/">{cookie_buttons[2]}</a>
  </div>
</div>
<script src="https://cdn.aopm-afrique.org/vendor/jquery/3.7.1/jquery.min.js"></script>
<script>{_CONSENT_JS}</script>
</body>
</html>
"""
    article = (_clean(headline), *units)
    return Fixture(
        name="release-fr.html",
        data=page.encode("utf-8"),
        article=article,
        boilerplate=_chrome(
            article, nav, crumbs, label, share, contacts_title, contacts, related_title, related,
            most_read_title, most_read, news_title, news_text, news_button, footer,
            footer_links, cookie, cookie_buttons,
        ),
        metadata={"title": headline, "date": "2025-09-04",
                  "author": "Service de presse de l’AOPM", "site": og_site, "url": url},
        lang="fr",
    )


# ---------------------------------------------------------------------------------------------
# narrative-en.html: a country narrative of an annual report (sidebar contents before the text)
# ---------------------------------------------------------------------------------------------

def _narrative_en() -> Fixture:
    site = "Global Labour Watch"
    base = "https://reports.globallabourwatch.org"
    url = f"{base}/2025-trafficking-in-persons-assessment/country-narratives/estavia/"
    report = "2025 Trafficking in Persons Assessment"
    og_title = f"Estavia – {report}"
    country = "Estavia"
    blocks = [
        _p("""
            Estavia’s government falls short of the minimum standards for eliminating
            trafficking, although its efforts during the reporting period were serious and,
            compared with the previous year, increasing; Estavia therefore keeps its Tier 2
            ranking.
        """, attrs=' class="lead"'),
        _p("""
            These efforts included convicting more traffickers than in any previous year,
            opening the country’s first specialised shelter for male victims of forced labour in
            the port city of Carvel, and adopting a national action plan for 2025–2029 with its
            own budget line. However, the government continued to prosecute some victims for
            immigration and prostitution offences committed as a direct result of being
            trafficked, and labour inspectors still could not enter private farms without giving
            prior notice.
        """),
        _h("h2", "Prosecution", attrs=' id="prosecution"'),
        _p("""
            The government increased law enforcement efforts. Article 214 of the Criminal Code
            criminalised sex trafficking and labour trafficking and set penalties of six to 15
            years’ imprisonment, comparable to those the code prescribes for kidnapping and other
            grave offences.
        """),
        _p("""
            Authorities opened 96 investigations in 2024 (71 in 2023), prosecuted 58 alleged
            traffickers (44 in 2023) and convicted 39 (22 in 2023), the highest number since the
            law was amended in 2017. Courts imposed sentences ranging from two to 14 years,
            although judges suspended the sentences of six convicted traffickers who had agreed
            to compensate their victims, a practice that observers said weakened deterrence.
        """),
        _p("""
            A specialised anti-trafficking unit of the national police, staffed by 46
            investigators, led most complex cases, but officers in rural districts continued to
            lack the training to recognise indicators of forced labour, and cases involving
            agricultural workers were frequently closed as wage disputes. The government did not
            report investigating, prosecuting or convicting any officials complicit in trafficking
            crimes, despite credible reports that border guards accepted bribes to let
            undocumented workers through the northern crossings.
        """),
        _h("h2", "Protection", attrs=' id="protection"'),
        _p("""
            The government maintained efforts to protect victims. It identified 312 victims in
            2024, compared with 247 in 2023; of these, 188 were victims of forced labour, 109 of
            sex trafficking and 15 of forced criminality, and 64 were children. Civil society
            organisations identified a further 140 potential victims and referred most of them to
            government services.
        """),
        _p("""
            Authorities funded eleven shelters run by non-governmental organisations and allocated
            the equivalent of 2.1 million euros to victim assistance, roughly a fifth more than in
            the previous year. Victims could receive medical care, counselling, legal aid and
            vocational training whether or not they cooperated with the police, although shelter
            places in the capital were full for much of the year and some adult victims were
            housed in general homeless accommodation.
        """),
        _p("""
            Foreign victims were entitled to a renewable residence permit of up to one year, and
            the government issued 83 such permits in 2024. However, observers reported that some
            victims detained during immigration raids were deported before any screening took
            place, and the government did not report systematically screening people arrested
            for commercial sex for indicators of trafficking.
        """),
        _h("h2", "Prevention", attrs=' id="prevention"'),
        _p("""
            The government increased prevention efforts. The Inter-Ministerial Council against
            Trafficking met four times and adopted the 2025–2029 national action plan in November,
            and the government published its annual report on anti-trafficking activities for the
            third consecutive year. A national hotline operated around the clock in five languages
            and received 2,940 calls, 215 of which were referred to law enforcement.
        """),
        _fig(
            "/assets/images/2025/estavia-inspection-greenhouse.jpg",
            "Two inspectors in high-visibility vests talk with workers in a greenhouse",
            "Labour inspectors speak with seasonal workers at a greenhouse complex in southern "
            "Estavia in October 2024.",
            attrs=' class="report-figure"',
        ),
        _p("""
            The labour inspectorate carried out 1,480 inspections in sectors it considered high
            risk, including agriculture, construction and fish processing, and identified 57
            potential victims of forced labour. In March 2024 the government amended the law on
            private employment agencies to prohibit charging recruitment fees to workers, but it
            had not issued the implementing regulations by the end of the reporting period.
        """),
        _h("h2", "Trafficking Profile", attrs=' id="trafficking-profile"'),
        _p("""
            Over the past five years, traffickers have exploited both Estavian nationals and
            foreign workers inside the country, and have exploited Estavians in neighbouring
            states. Men from South and Central Asia are exploited in forced labour on farms,
            construction sites and fishing vessels, often after being recruited through agencies
            in their home countries that charge fees equal to several months’ wages.
        """),
        _p("""
            Women and girls from rural districts and from neighbouring countries are exploited in
            sex trafficking in the capital and in resorts along the coast, increasingly after
            being contacted through dating applications and social media. Children from
            marginalised communities are forced to beg or to commit petty theft, and traffickers
            have begun to use online platforms to advertise children for sexual exploitation.
        """),
    ]
    body, units = _render(blocks, " " * 10, wrap=92)

    cookie = ("We use essential cookies to make this site work, and optional analytics cookies "
              "to understand how our reports are read.")
    cookie_buttons = ["Accept optional cookies", "Use essential cookies only"]
    nav = ["Home", "Reports", "Country assessments", "Data explorer", "Methodology",
           "Stories", "Events", "About us", "Contact", "Support our work"]
    crumbs = ["Home", "Reports", report, "Country Narratives"]
    toc_title = "In this report"
    toc = ["Introduction", "Survivors’ Voices", "Topic of Special Interest: Debt and Recruitment",
           "Tier Placements", "Methodology and Sources", "Global Law Enforcement Data"]
    countries_title = "Country Narratives"
    countries = ["Ardenne", "Belvaria", "Caldora", "Dunmere", "Eldmark", "Farrowland",
                 "Galvenia"]
    on_page = ["Prosecution", "Protection", "Prevention", "Trafficking Profile"]
    tools = ["Download this narrative (PDF, 412 KB)", "Download the full report (PDF, 8.4 MB)",
             "Print", "Cite this page"]
    pager = ["Previous: Eldmark", "Next: Farrowland"]
    related_title = "Related"
    related = [
        "Spotlight: seasonal farm work and the limits of inspection",
        "Data explorer: victims identified by region, 2015–2024",
        "Event recording: launch of the 2025 assessment",
    ]
    most_read_title = "Most read this month"
    most_read = [
        "Tier placements at a glance",
        "How we rank countries: our methodology explained",
        "Ten years of data on forced labour in fishing",
        "Survivors’ Voices: Amina’s story",
    ]
    news_title = "Get our research in your inbox"
    news_text = ("Monthly updates on new reports, data releases and events. No spam, and you "
                 "can unsubscribe at any time.")
    news_button = "Sign me up"
    footer = [
        "Global Labour Watch is an independent research programme. Registered charity no. "
        "1187342.",
        "Address: 21 Calder Row, Edinburgh EH3 9QP, United Kingdom",
        "© 2025 Global Labour Watch. Content licensed under CC BY 4.0 unless otherwise "
        "stated.",
    ]
    footer_links = ["Accessibility statement", "Privacy", "Terms of use", "Media enquiries",
                    "Careers"]

    current = ' class="is-current" aria-current="page"'
    countries_html = "\n".join(
        f'              <li{current if c == country else ""}><a href="../{_slug(c)}/">{c}</a></li>'
        for c in countries[:5] + [country] + countries[5:]
    )
    on_page_html = "\n".join(
        f'              <li><a href="#{_slug(t)}">{t}</a></li>' for t in on_page
    )
    tools_html = "\n".join(
        f'            <a class="report-tools__link" href="#">{t}</a>' for t in tools
    )
    page = f"""<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{country} | {report} | {site}</title>
    <meta name="description" content="Country narrative for {country}: prosecution, \
protection and prevention efforts, and the trafficking profile.">
    <meta name="author" content="Global Labour Watch Research Team">
    <meta property="og:type" content="article">
    <meta property="og:title" content="{og_title}">
    <meta property="og:site_name" content="{site}">
    <meta property="og:url" content="{url}">
    <meta property="article:published_time" content="2025-06-24T14:00:00+01:00">
    <link rel="canonical" href="{url}">
    <link rel="stylesheet" href="/assets/css/report.css?v=2025.2">
    <style>
      .report-layout {{ display: grid; grid-template-columns: 280px 1fr; gap: 48px; }}
      .report-toc {{ position: sticky; top: 24px; font-size: 14px; }}
      .report-content h2 {{ border-top: 2px solid #0b4f6c; padding-top: 12px; }}
      @media print {{ .report-toc, .site-header, .site-footer, #cookie-consent {{ \
display: none; }} }}
    </style>
    <script>{_GTAG}    </script>
  </head>
  <body class="report country-narrative">
    <div id="cookie-consent" class="consent" role="region" aria-label="Cookies on this site">
      <div class="consent__body">
        <p>{_e(cookie)}</p>
        <button type="button" data-consent="all">{cookie_buttons[0]}</button>
        <button type="button" data-consent="essential">{cookie_buttons[1]}</button>
      </div>
    </div>
    <header class="site-header">
      <div class="site-header__brand"><a href="https://www.globallabourwatch.org/">{site}</a>\
</div>
      <nav class="site-nav" aria-label="Main">
        <ul>
{_links(nav, " " * 10, "https://www.globallabourwatch.org/", "/")}
        </ul>
      </nav>
    </header>
    <div class="report-banner">
      <div class="report-banner__title"><a href="{base}/2025-trafficking-in-persons-assessment/">\
{report}</a></div>
    </div>
    <main class="report-main" id="main">
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <ol>
{_links(crumbs, " " * 10, base + "/", "/")}
          <li aria-current="page">{country}</li>
        </ol>
      </nav>
      <div class="report-layout">
        <aside class="report-toc" aria-label="Table of contents">
          <div class="report-toc__section">
            <div class="report-toc__title">{toc_title}</div>
            <ul>
{_links(toc, " " * 14, "../../", "/")}
            </ul>
          </div>
          <div class="report-toc__section">
            <div class="report-toc__title">{countries_title}</div>
            <ul class="report-toc__countries">
{countries_html}
            </ul>
          </div>
          <div class="report-toc__section report-toc__on-page">
            <div class="report-toc__title">On this page</div>
            <ul>
{on_page_html}
            </ul>
          </div>
        </aside>
        <div class="content report-content">
          <div class="report-tools">
{tools_html}
          </div>
          <h1 class="report-content__title">{country}</h1>
          <div class="report-content__meta">Published <time datetime="2025-06-24">24 June \
2025</time></div>
{body}
          <nav class="pager" aria-label="Country narratives">
            <a class="pager__prev" href="../eldmark/">{pager[0]}</a>
            <a class="pager__next" href="../farrowland/">{pager[1]}</a>
          </nav>
        </div>
      </div>
      <div class="related-content">
        <h2>{related_title}</h2>
        <ul>
{_links(related, " " * 10, "https://www.globallabourwatch.org/stories/", "/")}
        </ul>
      </div>
      <div class="most-read">
        <h2>{most_read_title}</h2>
        <ol>
{_links(most_read, " " * 10, "https://www.globallabourwatch.org/", "/")}
        </ol>
      </div>
    </main>
    <div class="newsletter-band">
      <div class="newsletter-band__title">{news_title}</div>
      <p>{_e(news_text)}</p>
      <form action="https://www.globallabourwatch.org/newsletter" method="post">
        <input type="email" name="email" placeholder="you@example.org" aria-label="Email">
        <button type="submit">{news_button}</button>
      </form>
    </div>
    <footer class="site-footer">
      <ul>
{_links(footer_links, " " * 8, "https://www.globallabourwatch.org/", "/")}
      </ul>
      <p>{_e(footer[0])}</p>
      <p>{_e(footer[1])}</p>
      <p>{_e(footer[2])}</p>
    </footer>
    <script>{_CONSENT_JS}    </script>
  </body>
</html>
"""
    article = (country, *units)
    return Fixture(
        name="narrative-en.html",
        data=page.encode("utf-8"),
        article=article,
        boilerplate=_chrome(
            article, cookie, cookie_buttons, nav, report, crumbs, toc_title, toc, countries_title,
            countries, tools, pager, related_title, related, most_read_title,
            most_read, news_title, news_text, news_button, footer_links, footer,
        ),
        metadata={"title": og_title, "date": "2025-06-24",
                  "author": "Global Labour Watch Research Team", "site": site, "url": url},
        lang="en",
    )


def html_fixtures() -> list[Fixture]:
    """The saved web pages, in a fixed order."""
    return [_news_en(), _news_fr(), _news_vi(), _release_en(), _release_fr(), _narrative_en()]
