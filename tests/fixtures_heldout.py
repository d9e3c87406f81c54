"""A held-out set of extraction fixtures: documents the extractors were NOT developed on.

`tests/fixtures_html.py` and `tests/fixtures_documents.py` are the documents the readers of
`classifier.data.formats` were built against. The six documents here measure how those readers
do on files they have never seen: other content-management systems, other layouts, other fonts
and other report generators. Every text is the project's own writing; outlets, people, figures,
the Republic of Kestria and Tân Lĩnh province are invented, and real institutions appear only as
actors.

- es-news.html: a Peruvian regional paper (Latin American CMS: `<div id="nota">` body written on
  one long line, two paragraphs split by `<br><br>` inside one `<p>`, an empty `<p>&nbsp;</p>`,
  a "Te puede interesar" box between paragraphs, a paywall teaser, a comments section with three
  reader comments, JSON-LD `NewsArticle` and Open Graph metadata).
- gov-en.html: a ministry news release (left sidebar menu, a statistics `<table>` with a
  `<caption>`, a `<ul>` of measures with bold lead-ins, "Page last updated", Dublin Core
  metadata, a footer with many links).
- id-news.html: an Indonesian news page in mobile markup (`<div class="read__content">`, "Baca
  juga:" links in paragraphs of their own, an in-article "SCROLL TO CONTINUE WITH CONTENT" ad,
  a photo in `<div class="photo">` with its caption in a `<div>`, a tags list).
- annual-report.pdf: three A4 pages drawn line by line; page 1 one column, pages 2-3 a narrow
  sidebar (a shaded "Key figures" box, a pull quote) and a wide main column; justified
  Times-Roman 10.5 body drawn word by word, paragraphs marked by a first-line indent (no extra
  space between them), Helvetica-Bold 12 headings, running headers that differ on odd and even
  pages, page numbers "- 2 -", two footnotes with small raised markers, a table ruled only
  horizontally with a shaded header row.
- brief-fr.pdf: two Letter pages, one column, DejaVu Serif (an embedded TrueType subset) set
  ragged right in text objects, a numbered list of recommendations with hanging indents, the
  footer "Note d’orientation n° 7 — page 1 sur 2".
- minutes-vi.docx: Vietnamese meeting minutes (a borderless two-cell letterhead table with
  several paragraphs per cell, a Title-style heading, paragraphs with bold labels, a table with
  a header row and a cell merged vertically over two rows, a numbered list, a footer).

Conventions for `Fixture.article` are those of the two development modules:

* HTML: the headline, the standfirst, each subheading, paragraph and caption (a caption with its
  photo credit is one unit) and each list item; a table contributes its caption and then each
  ROW, cells joined by single spaces. A unit is the element's text with each run of whitespace
  collapsed to one space. `boilerplate` holds chrome (menus, boxes, comments, paywall, footer)
  and never a text the article contains, ignoring case. Left out of both: bylines, dates, tags,
  kickers, image `alt` texts.
* PDF: the title, each heading, each paragraph (lines joined with single spaces, words broken
  by the wrapper with a line-end hyphen joined again, footnote markers dropped), each table
  caption and each table ROW (cells joined by single spaces), each list item with its number as
  printed ("1. Renforcer ..."). A paragraph crossing a column or page break is ONE unit. Units
  are ordered by the page they START on; on a page, the sidebar comes before the main column,
  and the footnotes (without their number) come after every unit that starts on their page. So
  a paragraph carried over from page 2 comes before the sidebar of page 3. Each line of the
  "Key figures" box is a unit. No real compound is ever split at a line end, and no line ends
  with a real hyphen. `boilerplate`: running headers, footers and page numbers as printed.
* Word: each paragraph, heading, list item (without its number) and table cell (each paragraph
  of a cell; a merged cell once, where it starts) in document order. The footer is boilerplate.

All bytes are deterministic (reportlab `invariant=1`; the Word package is re-zipped with fixed
timestamps) and the whole set builds in well under a second.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import zipfile
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from tests.extraction_fixtures import Fixture

# ---------------------------------------------------------------------------------------------
# HTML helpers
# ---------------------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")

_Block = tuple[str, tuple[str, ...]]  # (markup, the units it holds)


def _text(markup: str) -> str:
    """The visible text of an inline fragment, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub("", markup)).split())


def _el(tag: str, inner: str, attrs: str = "") -> _Block:
    inner = " ".join(inner.split())
    return f"<{tag}{attrs}>{inner}</{tag}>", (_text(inner),)


def _chrome_block(markup: str) -> _Block:
    return markup.strip("\n"), ()


def _join(blocks: list[_Block], sep: str) -> tuple[str, list[str]]:
    markup = sep.join(m for m, _ in blocks)
    units = [u for _, us in blocks for u in us]
    return markup, units


def _li_links(items, indent: str, base: str, li: str = "", slug: bool = True) -> str:
    out = []
    for text in items:
        href = base + (_slug(text) if slug else "")
        out.append(f'{indent}<li{li}><a href="{href}">{html.escape(text, quote=False)}</a></li>')
    return "\n".join(out)


def _slug(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _ld(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


def _chrome(article, *groups) -> tuple[str, ...]:
    """Each chrome text once, in page order, less any the article contains (ignoring case)."""
    body = "\n".join(article).casefold()
    seen: dict[str, None] = {}
    for group in groups:
        for text in [group] if isinstance(group, str) else group:
            text = " ".join(text.split())
            if text.casefold() not in body:
                seen.setdefault(text, None)
    return tuple(seen)


# ---------------------------------------------------------------------------------------------
# es-news.html: a Peruvian regional paper on a rescue in illegal gold-mining camps
# ---------------------------------------------------------------------------------------------


def _es_news() -> Fixture:
    site = "Crónica Amazónica"
    base = "https://cronicaamazonica.pe"
    url = (f"{base}/regiones/madre-de-dios/rescatan-a-23-adolescentes-explotadas-en-bares-de-"
           "campamentos-mineros-de-la-pampa-noticia-48213")
    headline = ("Rescatan a 23 adolescentes explotadas en bares de campamentos mineros de La "
                "Pampa tras cuatro meses de investigación fiscal")
    standfirst = ("La Fiscalía Especializada en Delitos de Trata de Personas detuvo a siete "
                  "presuntos integrantes de una red que captaba a jóvenes en Cusco y Puno con "
                  "falsas ofertas de empleo en restaurantes.")
    author = "Lucía Benavides Torres"
    img = "https://cdn.cronicaamazonica.pe/fotos/2025/08/12"
    tpi_label = "Te puede interesar"
    tpi_title = ("Puerto Maldonado: comerciantes del mercado modelo exigen obras de drenaje antes "
                 "de la temporada de lluvias")
    blocks: list[_Block] = [
        _el("p", """<strong>PUERTO MALDONADO.</strong> – Un operativo conjunto de la Fiscalía
            Especializada en Delitos de Trata de Personas y la Policía Nacional del Perú permitió
            rescatar, en la madrugada del martes, a 23 adolescentes de entre 14 y 17 años que eran
            obligadas a trabajar como meseras y damas de compañía en bares de los campamentos de
            minería ilegal del sector conocido como La Pampa, en la provincia de Tambopata."""),
        _el("p", """Según la fiscal provincial Rosa Elvira Quispe Huamán, que dirigió la
            intervención, las víctimas habían sido captadas en ferias y terminales terrestres de
            Cusco, Juliaca y Sicuani por mujeres que se presentaban como dueñas de restaurantes y
            les ofrecían un sueldo de 1.500 soles mensuales, además de alojamiento y comida."""),
        _el("p", """«Cuando llegaban a Madre de Dios les quitaban el DNI y el celular, y les
            decían que tenían que pagar el pasaje, la ropa y la comida con su trabajo; esa deuda
            nunca terminaba de pagarse», explicó la fiscal a este diario al término del operativo,
            en el que participaron más de 120 agentes y nueve fiscales."""),
        _chrome_block(f"""<div class="te-puede-interesar" data-bloque="relacionada">\
<span class="tpi-label">{tpi_label}</span><a class="tpi-link" \
href="{base}/regiones/madre-de-dios/{_slug(tpi_title)}-noticia-48190">\
<img src="{img}/mercado-modelo-thumb.jpg" alt="" width="120" height="80">\
<span class="tpi-titulo">{tpi_title}</span></a></div>"""),
        _el("p", """Los investigadores llegaron a la red gracias a la denuncia de una madre de
            Urcos que, en abril, recibió desde un número desconocido un mensaje de audio de su
            hija de 15 años pidiéndole ayuda. A partir de esa llamada, la fiscalía reconstruyó los
            traslados de al menos 40 jóvenes entre setiembre de 2024 y julio de este año."""),
        ("<p>&nbsp;</p>", ()),
        _el("h3", "Una red con apoyo en las rutas de transporte"),
    ]
    p5 = ("De acuerdo con la carpeta fiscal, los siete detenidos —cinco mujeres y dos hombres— "
          "cumplían tareas distintas: unos captaban a las adolescentes en sus comunidades, otros "
          "compraban los pasajes y las acompañaban durante el viaje por la carretera "
          "Interoceánica, y dos de ellos administraban los locales donde finalmente eran "
          "explotadas.")
    p6 = ("La fiscalía también investiga a un chofer de una empresa de transporte interprovincial "
          "que, según los testimonios recogidos en cámara Gesell, cobraba 200 soles por cada "
          "menor que trasladaba sin documentos y avisaba a la red cuando había controles "
          "policiales en la carretera.")
    blocks.append((f"<p>{p5}<br><br>{p6}</p>", (p5, p6)))
    caption = ("Las adolescentes rescatadas fueron trasladadas a un albergue de la Unidad de "
               "Protección Especial en Puerto Maldonado. (Foto: Ministerio Público)")
    blocks.append((
        f'<figure class="foto-nota"><img src="{img}/rescate-la-pampa-1200.jpg" '
        'alt="Agentes de la Policía junto a un bus" width="1200" height="800">'
        f'<figcaption class="foto-nota__leyenda">{caption}</figcaption></figure>',
        (caption,),
    ))
    blocks += [
        _el("p", """Las víctimas recibieron atención médica y psicológica y quedaron a cargo de
            la Unidad de Protección Especial del Ministerio de la Mujer y Poblaciones Vulnerables,
            que evaluará caso por caso si pueden volver con sus familias o si deben permanecer en
            un centro de acogida mientras avanza el proceso."""),
        _el("h3", "Un problema que se repite cada año"),
        _el("p", """Julián Mamani, coordinador de la Asociación Camino Seguro, que acompaña a
            víctimas de trata en el sur del país desde 2012, advirtió que los rescates son solo el
            primer paso y que muchas adolescentes vuelven a ser captadas porque en sus comunidades
            no encuentran dónde estudiar ni trabajar. «Sin un plan de reintegración, el operativo
            termina siendo solo una foto», señaló."""),
        _el("p", """En lo que va del año, la fiscalía de Madre de Dios ha recibido 212 denuncias
            por trata de personas, pero apenas 14 casos han llegado a juicio. Para los
            especialistas consultados, la distancia entre ambas cifras muestra que las
            investigaciones siguen dependiendo casi por completo del testimonio de las víctimas,
            que muchas veces se retractan por miedo o por presión de sus propias familias."""),
        _el("p", """El juzgado de investigación preparatoria de Tambopata deberá pronunciarse en
            los próximos días sobre el pedido de 18 meses de prisión preventiva que la fiscalía
            presentó contra los siete detenidos, a quienes se les imputa el delito de trata de
            personas agravada, que puede castigarse con penas de más de veinte años de cárcel."""),
    ]
    body, units = _join(blocks, "")
    article = (headline, standfirst, *units)

    top = ["Suscríbete", "Iniciar sesión", "Edición impresa"]
    nav = ["Inicio", "Regiones", "Política", "Economía", "Policiales", "Deportes", "Opinión",
           "Videos", "Especiales"]
    crumbs = ["Inicio", "Regiones", "Madre de Dios"]
    share = ["Compartir en Facebook", "Compartir en WhatsApp", "Compartir en X",
             "Copiar enlace"]
    ad = "Publicidad"
    paywall = [
        "Has alcanzado el límite de notas gratuitas de este mes.",
        "Suscríbete desde S/ 9.90 al mes y accede sin límites a nuestras noticias, "
        "investigaciones y a la edición digital del diario.",
        "Suscríbete ahora",
        "¿Ya eres suscriptor? Inicia sesión",
    ]
    comments_title = "Comentarios (3)"
    comments = [
        ("Carmen V.", "hace 3 horas",
         "Ojalá esta vez sí haya sentencia, porque siempre detienen a los mismos y a los pocos "
         "meses ya están libres otra vez caminando tranquilos por Puerto Maldonado."),
        ("ronald_cusco", "hace 2 horas",
         "Trabajé cuatro años en La Pampa y todo el mundo sabía lo que pasaba en esos bares, "
         "las autoridades recién se enteran cuando sale en las noticias de Lima."),
        ("Mirtha Ccahuana", "hace 1 hora",
         "Felicitaciones a la fiscal y a los policías, pero hace falta que el Estado lleve "
         "colegios y trabajo a las comunidades para que las chicas no caigan en estas redes."),
    ]
    comment_chrome = ["Deja tu comentario", "Publicar comentario", "Responder", "Me gusta",
                      "Los comentarios son responsabilidad exclusiva de sus autores y no "
                      "reflejan la opinión de este medio."]
    most_read_title = "Lo más leído"
    most_read = [
        "Tambopata: vecinos bloquean la vía de acceso al aeropuerto por falta de agua",
        "Gobierno regional anuncia licitación del nuevo hospital de Iberia",
        "Deportivo Madre de Dios clasifica a la etapa nacional de la Copa Perú",
        "Precio del oro impulsa nueva ola de dragas en el río Malinowski",
    ]
    footer_links = ["Quiénes somos", "Contacto", "Publicidad", "Términos y condiciones",
                    "Política de privacidad", "Libro de reclamaciones"]
    footer = [
        "© 2025 Crónica Amazónica. Todos los derechos reservados.",
        "Editora Selva Sur S.A.C. – Av. León Velarde 842, Puerto Maldonado, Madre de Dios.",
    ]

    news_ld = _ld({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "description": standfirst,
        "datePublished": "2025-08-12T07:30:00-05:00",
        "dateModified": "2025-08-12T11:05:00-05:00",
        "author": [{"@type": "Person", "name": author,
                    "url": f"{base}/autor/lucia-benavides-torres"}],
        "publisher": {"@type": "Organization", "name": site,
                      "logo": {"@type": "ImageObject", "url": f"{base}/img/logo-600.png"}},
        "image": {"@type": "ImageObject", "url": f"{img}/rescate-la-pampa-1200.jpg",
                  "width": 1200, "height": 800},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "isAccessibleForFree": False,
        "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False,
                    "cssSelector": "#nota"},
    })
    crumbs_ld = _ld({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i + 1, "name": name,
             "item": f"{base}/{_slug(name) if i else ''}"}
            for i, name in enumerate(crumbs)
        ],
    })
    comment_html = "\n".join(
        f"""    <div class="comentario" id="c-{9120 + i}">
      <div class="comentario__cabecera"><span class="comentario__autor">{name}</span> \
<span class="comentario__fecha">{when}</span></div>
      <p class="comentario__texto">{text}</p>
      <div class="comentario__acciones"><a href="#responder-{9120 + i}">{comment_chrome[2]}</a> \
<button type="button">{comment_chrome[3]}</button></div>
    </div>"""
        for i, (name, when, text) in enumerate(comments)
    )
    page = f"""<!DOCTYPE html>
<html lang="es-PE">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=5">
<title>{headline} | {site}</title>
<meta name="description" content="{html.escape(standfirst)}">
<meta name="news_keywords" content="trata de personas, Madre de Dios, La Pampa, minería ilegal">
<meta property="og:locale" content="es_PE">
<meta property="og:type" content="article">
<meta property="og:title" content="{html.escape(headline)}">
<meta property="og:description" content="{html.escape(standfirst)}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{site}">
<meta property="og:image" content="{img}/rescate-la-pampa-1200.jpg">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:site" content="@CronicaAmazonic">
<link rel="canonical" href="{url}">
<link rel="stylesheet" href="{base}/static/css/nota.min.css?v=3.8.2">
<script type="application/ld+json">{news_ld}</script>
<script type="application/ld+json">{crumbs_ld}</script>
<script>window.__CA_PAYWALL__={{"metered":true,"free":5,"section":"regiones","id":48213}};\
</script>
</head>
<body class="nota nota--regiones">
<div class="barra-superior"><span class="barra-superior__fecha">Martes, 12 de agosto de 2025\
</span><a href="{base}/suscripciones">{top[0]}</a><a href="{base}/login">{top[1]}</a>\
<a href="{base}/impreso">{top[2]}</a></div>
<header id="cabecera"><a class="logo" href="{base}/"><img src="{base}/img/logo.svg" \
alt="{site}"></a>
<nav class="menu-secciones"><ul>
{_li_links(nav, "", base + "/")}
</ul></nav></header>
<div class="publicidad publicidad--top" id="ads-top"><span>{ad}</span></div>
<div class="contenedor">
<div class="migas"><a href="{base}/">{crumbs[0]}</a> » <a href="{base}/regiones">{crumbs[1]}\
</a> » <a href="{base}/regiones/madre-de-dios">{crumbs[2]}</a></div>
<div class="col-principal">
<div class="cabecera-nota">
<span class="volanta">Trata de personas</span>
<h1 class="titulo-nota">{headline}</h1>
<h2 class="bajada">{standfirst}</h2>
<div class="autor-fecha">Por <a href="{base}/autor/lucia-benavides-torres">{author}</a> · \
<time datetime="2025-08-12T07:30:00-05:00">12/08/2025 07:30 h</time></div>
<ul class="compartir">
{_li_links(share, "", "#compartir-")}
</ul>
</div>
<div id="nota" class="cuerpo-nota">{body}</div>
<div class="paywall-teaser" id="muro-pago" data-paywall="metered">
<p class="paywall-teaser__titulo">{paywall[0]}</p>
<p class="paywall-teaser__texto">{paywall[1]}</p>
<a class="boton boton--rojo" href="{base}/suscripciones?origen=muro">{paywall[2]}</a>
<a class="paywall-teaser__login" href="{base}/login?origen=muro">{paywall[3]}</a>
</div>
<div class="temas-nota"><span>Temas:</span> <a href="{base}/tag/trata-de-personas">Trata de \
personas</a> <a href="{base}/tag/madre-de-dios">Madre de Dios</a> \
<a href="{base}/tag/mineria-ilegal">Minería ilegal</a></div>
<section id="comentarios" class="comentarios">
    <h3 class="comentarios__titulo">{comments_title}</h3>
    <form class="comentarios__form" action="{base}/comentarios/48213" method="post">
      <label for="txt-comentario">{comment_chrome[0]}</label>
      <textarea id="txt-comentario" name="texto" rows="3"></textarea>
      <button type="submit">{comment_chrome[1]}</button>
    </form>
{comment_html}
    <p class="comentarios__aviso">{comment_chrome[4]}</p>
</section>
</div>
<aside class="col-lateral">
<div class="publicidad publicidad--mpu"><span>{ad}</span></div>
<div class="mas-leidas"><h4>{most_read_title}</h4><ol>
{_li_links(most_read, "", base + "/regiones/madre-de-dios/")}
</ol></div>
</aside>
</div>
<footer id="pie">
<div class="pie__logo"><img src="{base}/img/logo-blanco.svg" alt="{site}"></div>
<ul class="pie__enlaces">
{_li_links(footer_links, "", base + "/")}
</ul>
<p>{footer[0]}</p>
<p>{footer[1]}</p>
</footer>
<script src="{base}/static/js/nota.min.js?v=3.8.2" defer></script>
<script>if(window.__CA_PAYWALL__&&localStorage.getItem('ca_vistas')>5){{document.body.classList\
.add('muro-activo');}}</script>
</body>
</html>
"""
    return Fixture(
        name="es-news.html",
        data=page.encode("utf-8"),
        article=article,
        boilerplate=_chrome(
            article, top, nav, ad, crumbs, share, tpi_label, tpi_title, paywall,
            comments_title, comment_chrome, [c[2] for c in comments], most_read_title,
            most_read, footer_links, footer,
        ),
        metadata={"title": headline, "date": "2025-08-12", "author": author, "site": site,
                  "url": url},
        lang="es",
    )


# ---------------------------------------------------------------------------------------------
# gov-en.html: a ministry news release (sidebar menu, statistics table, list of measures)
# ---------------------------------------------------------------------------------------------


def _gov_en() -> Fixture:
    site = "Government of Kestria"
    ministry = "Ministry of Labour and Social Protection"
    base = "https://www.labour.gov.kt"
    url = f"{base}/news/press-releases/2025/five-measures-against-forced-labour-in-agriculture"
    headline = ("Minister announces five measures against forced labour on farms after record "
                "number of suspected cases")
    lead = ("The Minister of Labour and Social Protection, Dr Helena Varga, today announced five "
            "measures to prevent forced labour in agriculture, after the Labour Inspectorate "
            "recorded 214 suspected cases on farms and in packhouses during the 2024 harvest "
            "season, more than in any year since records began in 2011.")
    blocks: list[_Block] = [
        _el("p", lead, ' class="lead"'),
        _el("p", """The measures, which the Cabinet agreed on 13 May, give inspectors new powers
            to enter worker accommodation without notice, oblige large growers to publish the
            names of every labour provider they use, and create a fund to pay the wages that
            victims are owed when employers cannot or will not pay them."""),
        _el("h2", "Record number of suspected cases"),
        _el("p", """Most of the suspected cases involved seasonal workers recruited abroad through
            unlicensed intermediaries, who charged them fees of up to two months’ wages before
            departure and then deducted further sums for transport, housing and equipment once
            they arrived, leaving many with almost nothing at the end of the season."""),
    ]
    caption = "Suspected forced labour cases recorded by the Labour Inspectorate, by sector"
    rows = [
        ("Sector", "2022", "2023", "2024"),
        ("Fruit and vegetable picking", "61", "88", "132"),
        ("Packhouses and food processing", "24", "31", "57"),
        ("Livestock and dairy", "9", "14", "25"),
        ("Total", "94", "133", "214"),
    ]
    head = "".join(f'<th scope="col" class="num">{c}</th>' if i else f'<th scope="col">{c}</th>'
                   for i, c in enumerate(rows[0]))
    body_rows = "\n".join(
        "                  <tr>" + f'<th scope="row">{r[0]}</th>'
        + "".join(f'<td class="num">{c}</td>' for c in r[1:]) + "</tr>"
        for r in rows[1:]
    )
    table = f"""<div class="table-responsive">
                <table class="table table--stats">
                  <caption>{caption}</caption>
                  <thead>
                  <tr>{head}</tr>
                  </thead>
                  <tbody>
{body_rows}
                  </tbody>
                </table>
              </div>"""
    blocks.append((table, (caption, *(" ".join(r) for r in rows))))
    blocks += [
        _el("p", """Inspectors referred 96 of these cases to the police as possible trafficking
            offences, and 143 workers accepted support through the national referral system,
            including emergency accommodation, medical care and help to recover identity
            documents that had been taken from them."""),
        _el("h2", "The five measures"),
        _el("p", """The package announced today includes the following measures, which will be
            introduced in stages before the start of the 2026 season:"""),
    ]
    measures = [
        ("Unannounced accommodation checks.",
         "Inspectors will be able to enter and examine housing provided by an employer or a "
         "labour provider at any time, without a warrant and without giving notice."),
        ("Public lists of labour providers.",
         "Growers employing more than 50 seasonal workers will have to publish, every year, "
         "the names of all labour providers and recruitment agencies they have used."),
        ("A Wage Guarantee Fund.",
         "A fund of 12 million crowns will pay outstanding wages to workers identified as "
         "victims of forced labour, while the ministry recovers the money from the employer."),
        ("A ban on recruitment fees.",
         "Charging workers any fee for finding them a job will become a criminal offence for "
         "labour providers, punishable by a fine and the loss of their licence."),
        ("Contracts before travel.",
         "Every seasonal worker will receive, before leaving home, a written contract in a "
         "language they understand and a card with the inspectorate’s free helpline number."),
    ]
    items = "\n".join(f"                <li><strong>{b}</strong> {t}</li>" for b, t in measures)
    blocks.append((f'<ul class="list list--bullet">\n{items}\n              </ul>',
                   tuple(f"{b} {t}" for b, t in measures)))
    blocks += [
        _el("p", """“Nobody should come to this country to pick our fruit and go home poorer than
            they arrived,” said Dr Varga. “These measures put the cost of exploitation where it
            belongs, on the businesses that profit from it, and not on the workers who are least
            able to bear it.”"""),
        _el("h2", "Next steps"),
        _el("p", """A draft law giving effect to the first, third and fourth measures will be
            published for public consultation in June. Over the summer, the ministry will meet
            growers’ associations, trade unions and organisations that support migrant workers
            to agree how the publication requirement will work in practice."""),
        _el("p", """Workers who are worried about their own situation, or about that of a
            colleague, can call the Labour Inspectorate helpline free of charge on 0800 460 460,
            in eleven languages, 24 hours a day."""),
    ]
    body, units = _join(blocks, "\n              ")
    article = (headline, *units)

    banner = "An official website of the Government of Kestria"
    skip = "Skip to main content"
    cookie = ("We use some essential cookies to make this website work. We would also like to "
              "set analytics cookies to understand how you use the site and to improve it.")
    cookie_buttons = ["Accept analytics cookies", "Reject analytics cookies", "View cookies"]
    top_nav = ["Ministries", "Services and information", "News", "Publications", "Contact us"]
    search = "Search this website"
    crumbs = ["Home", "News and media", "Press releases"]
    side_title = "News and media"
    side = ["Press releases", "Speeches and statements", "Ministerial visits", "Photo galleries",
            "Media contacts", "Subscribe to news alerts", "Archive 2019–2024"]
    updated = "Page last updated: 16 May 2025"
    share_title = "Share this page"
    share = ["Facebook", "LinkedIn", "Email"]
    feedback = ["Is this page useful?", "Yes", "No", "Report a problem with this page"]
    footer_cols = {
        "Topics": ["Employment rights", "Health and safety at work", "Social security",
                   "Pensions", "Disability support", "Child protection", "Seasonal work"],
        "About us": ["The Minister", "Organisation chart", "Agencies and bodies",
                     "Jobs at the ministry", "Procurement"],
        "Government": ["All ministries", "Parliament", "Open data portal",
                       "Freedom of information requests", "National emergency information"],
    }
    footer_bottom = ["Accessibility statement", "Cookies", "Privacy notice", "Terms of use",
                     "Sitemap"]
    footer_text = [
        "All content is available under the Open Government Licence v2.0, except where "
        "otherwise stated.",
        "© Government of Kestria 2025",
    ]
    footer_html = "\n".join(
        f"""        <div class="footer__col">
          <h2 class="footer__heading">{title}</h2>
          <ul>
{_li_links(links, " " * 12, base + "/")}
          </ul>
        </div>"""
        for title, links in footer_cols.items()
    )
    page = f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{headline} - {ministry} - {site}</title>
    <meta name="description" content="Inspectors get powers to enter worker housing without \
notice; a Wage Guarantee Fund will pay victims what they are owed.">
    <meta name="dcterms.title" content="{html.escape(headline)}">
    <meta name="dcterms.creator" content="{ministry}">
    <meta name="dcterms.issued" content="2025-05-14">
    <meta name="dcterms.modified" content="2025-05-16">
    <meta name="dcterms.language" content="eng">
    <meta name="dcterms.type" content="press release">
    <meta property="og:title" content="{html.escape(headline)}">
    <meta property="og:type" content="website">
    <meta property="og:site_name" content="{site}">
    <meta property="og:url" content="{url}">
    <link rel="canonical" href="{url}">
    <link rel="stylesheet" href="/assets/css/gov-frontend-5.2.min.css">
  </head>
  <body class="page-news-item js-enabled">
    <div class="cookie-banner" role="region" aria-label="Cookies on this website">
      <p>{cookie}</p>
      <button type="button" value="accept">{cookie_buttons[0]}</button>
      <button type="button" value="reject">{cookie_buttons[1]}</button>
      <a href="{base}/cookies">{cookie_buttons[2]}</a>
    </div>
    <a href="#content" class="skip-link">{skip}</a>
    <div class="official-banner"><img src="/assets/img/coat-of-arms.svg" alt="" width="16"> \
{banner}</div>
    <header class="header" role="banner">
      <div class="header__container">
        <a href="{base}/" class="header__logo">{ministry}</a>
        <form class="header__search" action="{base}/search" role="search">
          <label for="q" class="visually-hidden">{search}</label>
          <input id="q" name="q" type="search" placeholder="{search}">
          <button type="submit">Search</button>
        </form>
      </div>
      <nav class="header__nav" aria-label="Main">
        <ul>
{_li_links(top_nav, " " * 10, base + "/")}
        </ul>
      </nav>
    </header>
    <div class="width-container">
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <ol>
{_li_links(crumbs, " " * 10, base + "/")}
        </ol>
      </nav>
      <div class="layout">
        <nav class="layout__sidebar sidebar-nav" aria-label="In this section">
          <h2 class="sidebar-nav__title">{side_title}</h2>
          <ul>
{_li_links(side, " " * 12, base + "/news/")}
          </ul>
        </nav>
        <main class="layout__main" id="content" role="main">
          <div class="news-item">
            <span class="news-item__type">Press release</span>
            <h1 class="news-item__title">{headline}</h1>
            <p class="news-item__meta">Published <time datetime="2025-05-14">14 May 2025</time>\
 by the {ministry}</p>
            <div class="news-item__body rich-text">
              {body}
            </div>
            <div class="news-item__updated"><p>{updated.split(': ')[0]}: \
<time datetime="2025-05-16T10:12:00+02:00">{updated.split(': ')[1]}</time></p></div>
            <div class="share">
              <h2 class="share__title">{share_title}</h2>
              <ul>
{_li_links(share, " " * 16, "https://share.example/?u=")}
              </ul>
            </div>
          </div>
          <div class="feedback">
            <h2>{feedback[0]}</h2>
            <button type="button">{feedback[1]}</button>
            <button type="button">{feedback[2]}</button>
            <a href="{base}/feedback?page=news">{feedback[3]}</a>
          </div>
        </main>
      </div>
    </div>
    <footer class="footer" role="contentinfo">
      <div class="footer__columns">
{footer_html}
      </div>
      <div class="footer__bottom">
        <ul>
{_li_links(footer_bottom, " " * 10, base + "/")}
        </ul>
        <p>{footer_text[0]}</p>
        <p>{footer_text[1]}</p>
      </div>
    </footer>
    <script src="/assets/js/gov-frontend-5.2.min.js"></script>
  </body>
</html>
"""
    return Fixture(
        name="gov-en.html",
        data=page.encode("utf-8"),
        article=article,
        boilerplate=_chrome(
            article, cookie, cookie_buttons, skip, banner, search, top_nav, crumbs, side_title,
            side, updated, share_title, feedback, list(footer_cols),
            [x for links in footer_cols.values() for x in links], footer_bottom, footer_text,
        ),
        metadata={"title": headline, "date": "2025-05-14", "author": ministry, "site": site,
                  "url": url},
        lang="en",
    )


# ---------------------------------------------------------------------------------------------
# id-news.html: an Indonesian news site, mobile markup, "Baca juga" links between paragraphs
# ---------------------------------------------------------------------------------------------


def _id_news() -> Fixture:
    site = "Warta Timur"
    base = "https://www.wartatimur.id"
    url = (f"{base}/read/2025/07/08/19050071/polisi-gagalkan-pengiriman-14-calon-pekerja-migran-"
           "ilegal-ke-kamboja")
    headline = ("Polisi Gagalkan Pengiriman 14 Calon Pekerja Migran Ilegal ke Kamboja di Bandara "
                "El Tari Kupang")
    author = "Yustina Daka"
    img = "https://asset.wartatimur.id/crops/2025/07/08"
    read_also = [
        "Pemkab Sikka Bentuk Satgas Desa untuk Cegah Perdagangan Orang",
        "Ratusan Warga Ikuti Sosialisasi Migrasi Aman di Kabupaten Kupang",
    ]

    def baca(title: str) -> _Block:
        href = f"{base}/read/2025/07/0{len(title) % 7 + 1}/{_slug(title)}"
        return (f'<p><strong>Baca juga: <a href="{href}" class="inner-link-baca-juga" '
                f'target="_self">{title}</a></strong></p>', ())

    caption = ("Para calon pekerja migran yang batal diberangkatkan ke Kamboja didata petugas di "
               "Markas Polda NTT, Kupang, Selasa (8/7/2025). WARTATIMUR.ID/YUSTINA DAKA")
    photo = (f"""<div class="photo">
        <div class="photo__wrap"><img class="lazyload" data-src="{img}/korban-tppo-kupang.jpg" \
src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Calon pekerja migran di Polda NTT"></div>
        <div class="photo__caption">{caption}</div>
      </div>""", (caption,))
    ad = ("""<div class="ads-inarticle" id="div-gpt-ad-inarticle-1">
        <span class="ads-inarticle__label">SCROLL TO CONTINUE WITH CONTENT</span>
      </div>""", ())
    blocks: list[_Block] = [
        _el("p", """<strong>KUPANG, Wartatimur.id</strong> - Kepolisian Daerah Nusa Tenggara
            Timur menggagalkan pengiriman 14 calon pekerja migran nonprosedural yang hendak
            diberangkatkan ke Kamboja melalui Bandara El Tari Kupang, Senin (7/7/2025) pagi, dan
            menahan dua orang yang diduga berperan sebagai perekrut."""),
        _el("p", """Direktur Reserse Kriminal Umum Polda NTT, Kombes Pol Marthen Lere, mengatakan
            para korban yang terdiri atas sembilan laki-laki dan lima perempuan berusia 19 hingga
            27 tahun itu dijanjikan pekerjaan sebagai operator komputer dengan gaji sekitar Rp 12
            juta per bulan."""),
        baca(read_also[0]),
        _el("p", """“Mereka tidak memegang visa kerja, hanya tiket pesawat dan surat keterangan
            palsu dari sebuah perusahaan di Jakarta. Dari pengalaman kasus-kasus sebelumnya, kami
            menduga mereka akan dipekerjakan di perusahaan penipuan daring,” kata Marthen kepada
            wartawan di Markas Polda NTT, Selasa (8/7/2025)."""),
        ad,
        _el("p", """Menurut Marthen, para perekrut mendekati korban melalui grup Facebook dan
            aplikasi pesan, lalu menanggung biaya tiket dan pembuatan paspor yang kemudian
            dicatat sebagai utang. Korban diminta tidak memberi tahu keluarga dan dilatih untuk
            mengaku sebagai wisatawan jika ditanya petugas imigrasi di bandara."""),
        photo,
        _el("p", """Kedua tersangka, yang berinisial RT (34) dan FS (29), dijerat dengan Pasal 4
            Undang-Undang Nomor 21 Tahun 2007 tentang Pemberantasan Tindak Pidana Perdagangan
            Orang dengan ancaman hukuman penjara paling lama 15 tahun."""),
        _el("p", """Kepala Balai Pelayanan Pelindungan Pekerja Migran Indonesia (BP3MI) NTT, Lusia
            Manafe, menyebutkan bahwa sejak awal tahun pihaknya bersama kepolisian telah mencegah
            keberangkatan 163 calon pekerja migran nonprosedural, sebagian besar berasal dari
            Kabupaten Timor Tengah Selatan, Sumba Barat Daya, dan Flores Timur."""),
        baca(read_also[1]),
        _el("p", """Ia mengimbau masyarakat untuk memeriksa setiap tawaran kerja ke luar negeri
            melalui dinas tenaga kerja setempat. “Kalau ada yang menjanjikan gaji besar, berangkat
            cepat, dan tanpa pelatihan, hampir pasti itu bukan jalur resmi,” ujar Lusia."""),
        _el("h2", "Korban dipulangkan ke daerah asal"),
        _el("p", """Sementara itu, Koordinator Rumah Harapan Flobamora, Fransiska Bria, mengatakan
            ke-14 korban kini ditampung sementara di rumah aman milik Dinas Sosial Provinsi NTT
            dan akan dipulangkan ke kampung halaman masing-masing setelah pemeriksaan mereka
            sebagai saksi selesai."""),
        _el("p", """Fransiska menambahkan, sebagian korban pernah bekerja di luar negeri dan masih
            menanggung utang kepada perekrut sebelumnya, sehingga mereka membutuhkan bantuan
            modal usaha atau pelatihan kerja agar tidak kembali tergiur tawaran serupa dalam
            beberapa bulan ke depan."""),
    ]
    body, units = _join(blocks, "\n      ")
    article = (headline, *units)

    header = ["Menu", "Cari berita..."]
    nav = ["Terkini", "Nasional", "NTT", "Ekonomi", "Olahraga", "Hiburan", "Video", "Indeks"]
    crumbs = ["Home", "Regional", "Nusa Tenggara Timur"]
    share = ["Bagikan ke WhatsApp", "Bagikan ke Facebook", "Bagikan ke X", "Salin tautan"]
    promo = ("Dapatkan update berita pilihan dan breaking news setiap hari dari Warta Timur. Mari "
             "bergabung di Channel WhatsApp Warta Timur dan jangan lewatkan berita terbaru.")
    related_title = "Berita Terkait"
    related = [
        "Imigrasi Kupang Tunda Penerbitan 57 Paspor karena Dugaan Pekerja Migran Nonprosedural",
        "Keluarga di TTS Menanti Kepulangan Anaknya dari Malaysia Setelah Tujuh Tahun",
        "Sidang Kasus Perekrutan Ilegal di Ende Hadirkan Empat Saksi Korban",
    ]
    popular_title = "Terpopuler"
    popular = [
        "Harga Tiket Kapal Kupang-Rote Naik Jelang Libur Sekolah",
        "Jadwal Lengkap Festival Sasando 2025 di Kota Kupang",
        "BMKG: Angin Kencang Berpotensi Terjadi di Perairan Sabu Raijua",
        "Pemprov NTT Buka Seleksi Beasiswa Kuliah bagi 500 Pelajar",
    ]
    footer_links = ["Tentang Kami", "Redaksi", "Pedoman Media Siber", "Kebijakan Privasi",
                    "Kontak", "Karier"]
    footer = "© 2025 PT Warta Timur Media. Hak cipta dilindungi undang-undang."
    tags = ["perdagangan orang", "TPPO", "pekerja migran", "Kamboja", "Polda NTT"]

    def lis(items, prefix):
        return "\n".join(
            f'          <li class="{prefix}__item"><a href="{base}/read/2025/07/0{i + 1}/'
            f'{_slug(t)}">{t}</a></li>' for i, t in enumerate(items))

    page = f"""<!doctype html>
<html lang="id">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
  <meta name="theme-color" content="#0b4f8a">
  <title>{headline} - {site}</title>
  <meta name="description" content="Polda NTT menggagalkan pengiriman 14 calon pekerja migran \
nonprosedural ke Kamboja dan menahan dua perekrut.">
  <meta name="author" content="{author}">
  <meta name="content_PublishedDate" content="2025-07-08 19:05:00">
  <meta name="content_tag" content="{', '.join(tags)}">
  <meta property="og:type" content="article">
  <meta property="og:site_name" content="{site}">
  <meta property="og:title" content="{html.escape(headline)}">
  <meta property="og:url" content="{url}">
  <meta property="og:image" content="{img}/korban-tppo-kupang.jpg">
  <meta property="article:published_time" content="2025-07-08T19:05:00+08:00">
  <meta property="article:author" content="{author}">
  <link rel="canonical" href="{url}">
  <link rel="amphtml" href="{url.replace('/read/', '/amp/read/')}">
  <link rel="stylesheet" href="https://asset.wartatimur.id/m/css/read.css?v=2025.06">
</head>
<body class="mobile read-page">
  <header class="header header--sticky">
    <button class="header__menu" aria-label="{header[0]}">{header[0]}</button>
    <a class="header__logo" href="{base}/"><img src="https://asset.wartatimur.id/logo.svg" \
alt="{site}"></a>
    <form class="header__search" action="{base}/search"><input type="search" \
placeholder="{header[1]}"></form>
    <nav class="nav-scroll">
      <ul>
{_li_links(nav, " " * 8, base + "/")}
      </ul>
    </nav>
  </header>
  <div class="breadcrumb">
    <a href="{base}/">{crumbs[0]}</a> / <a href="{base}/regional">{crumbs[1]}</a> / \
<a href="{base}/regional/ntt">{crumbs[2]}</a>
  </div>
  <div class="read">
    <h1 class="read__title">{headline}</h1>
    <div class="read__info">
      <div class="read__author">Penulis <a href="{base}/penulis/yustina-daka">{author}</a> | \
Editor Agustinus Lelo</div>
      <div class="read__time">Selasa, 8 Juli 2025 19:05 WITA</div>
    </div>
    <div class="read__share">
      <ul>
{_li_links(share, " " * 8, "#share-")}
      </ul>
    </div>
    <div class="read__content">
      {body}
    </div>
    <div class="read__bottom">
      <p class="read__promo"><em>{promo}</em></p>
    </div>
    <div class="read__tag">
      <h3 class="read__tag-title">Tag</h3>
      <ul class="tag__list">
{_li_links(tags, " " * 8, base + "/tag/")}
      </ul>
    </div>
  </div>
  <section class="related">
    <h3 class="related__title">{related_title}</h3>
    <ul>
{lis(related, "related")}
    </ul>
  </section>
  <section class="most">
    <h3 class="most__title">{popular_title}</h3>
    <ol>
{lis(popular, "most")}
    </ol>
  </section>
  <footer class="footer">
    <ul class="footer__links">
{_li_links(footer_links, " " * 6, base + "/")}
    </ul>
    <p class="footer__copy">{footer}</p>
  </footer>
  <script src="https://asset.wartatimur.id/m/js/read.js?v=2025.06" async></script>
</body>
</html>
"""
    return Fixture(
        name="id-news.html",
        data=page.encode("utf-8"),
        article=article,
        boilerplate=_chrome(
            article, header[0], nav, crumbs, share, [f"Baca juga: {t}" for t in read_also],
            read_also, "SCROLL TO CONTINUE WITH CONTENT", promo, related_title, related,
            popular_title, popular, footer_links, footer,
        ),
        metadata={"title": headline, "date": "2025-07-08", "author": author, "site": site,
                  "url": url},
        lang="id",
    )


# ---------------------------------------------------------------------------------------------
# PDF engine: greedy wrapping with dictionary hyphenation, drawn on reportlab's canvas
# ---------------------------------------------------------------------------------------------

# "victims^1" is drawn as "victims" followed by a small raised "1".
_MARK = re.compile(r"\^(\d+)")
_WORD = re.compile(r"^(\W*(?:\w+[’'])?)(\w+)(\W*)$")


def _breaks(patterns: str) -> dict[str, tuple[int, ...]]:
    """'sur·vi·vors' -> {'survivors': (3, 5)}; at least two letters before a break and three
    after it, as typesetters do."""
    table: dict[str, tuple[int, ...]] = {}
    for pattern in patterns.split():
        parts = pattern.split("·")
        word = "".join(parts)
        pos, cuts = 0, []
        for part in parts[:-1]:
            pos += len(part)
            if pos >= 2 and len(word) - pos >= 3:
                cuts.append(pos)
        table[word.lower()] = tuple(cuts)
    return table


_BREAKS_EN = _breaks("""
    sur·vi·vors sur·vi·vor ac·com·mo·da·tion ex·ploi·ta·tion ex·ploit·ed re·cruit·ment
    in·ter·pre·ta·tion im·mi·gra·tion vo·ca·tion·al com·pen·sa·tion de·fen·dants
    ap·point·ments in·ter·views vol·un·teers foun·da·tions de·lib·er·ate in·creas·ing·ly
    in·for·mal con·tracts case·work·ers ar·range·ment ex·pen·sive pro·tec·tion mu·nic·i·pal
    de·part·ment dor·mi·to·ry ren·o·va·tion im·pris·on·ment con·fis·cat·ed in·sol·vent
    gov·ern·ment of·fend·ers pro·grammes uni·ver·si·ties re·li·able ex·pe·ri·ence
    rec·og·nise psy·chol·o·gist coun·sel·ling al·low·ance in·di·vid·ual res·i·dent
    ca·pac·i·ty med·i·cal traf·fick·ing traf·fick·ers traf·fick·er in·ves·ti·ga·tions
    ter·mi·nals hos·tels out·reach re·ferred re·fer·rals hos·pi·tals em·bas·sies
    au·thor·i·ties con·struc·tion ag·ri·cul·ture do·mes·tic in·spec·tors ac·cord·ing
    mul·ti·lin·gual doc·u·ments de·ci·sions sta·tus pres·sure bud·get tes·ti·mo·ny
    ev·i·dence con·vic·tion con·vict·ed sen·tences sus·pend·ed pass·ports per·cent
    trans·ferred de·clared di·rect·ly com·pen·sa·tion·al fron·tline pub·lish
    to·geth·er en·forced re·main·ing sig·nif·i·cant·ly or·gan·i·sa·tions op·por·tu·ni·ties
    vic·tims for·mer·ly gar·ment work·shop af·ford·able ad·mit·ted im·me·di·ate·ly
    re·cov·ery ap·proved ex·ceed·ed av·er·age pro·ceed·ings pros·e·cu·tors in·come
    pro·vid·ed pro·vide con·tin·ue ex·plained bor·row·ing pre·vi·ous res·i·dents
    em·ploy·ers in·sti·tu·tions par·tic·u·lar·ly thou·sands al·ter·na·tive
    re·hears·als re·mained re·ceived de·scribed ev·ery·thing ap·pli·ca·tions
    com·mu·ni·ties con·sid·er·ably ap·prox·i·mate·ly rep·re·sent·ed
""")

_BREAKS_FR = _breaks("""
    sai·son·niers sai·son·nière tra·vailleurs tra·vail·leuses in·ter·mé·diaires
    hé·ber·ge·ments hé·ber·ge·ment contrôles ins·pec·teurs ins·pec·tion si·gna·le·ments
    pres·ta·taires pres·ta·tion re·cru·te·ment re·cru·tés ex·ploi·ta·tion ex·ploi·ta·tions
    as·so·cia·tions res·pon·sa·bi·li·té res·pon·sable so·li·dai·re·ment rem·bour·se·ment
    ré·cé·pis·sé in·ter·pré·ta·riat in·ter·prètes dé·par·te·ment dé·par·te·men·tal
    pro·cé·dure ac·com·pa·gne·ment ju·ri·dique ju·di·ciaires sys·té·ma·ti·que·ment
    pro·fes·sion·nelles ad·mi·nis·tra·tions in·for·ma·tions gen·dar·me·rie per·ma·nence
    vic·times pré·su·mées em·ployeurs em·ployeur di·zaines ma·jo·ri·té conformes
    en·tre·tiens pro·pose si·tua·tions re·pé·rées coo·pèrent re·dou·tent re·ve·nus
    ter·ri·toires ex·po·sés pro·grès réa·li·sés orien·ter concer·nées par·tagent
    sup·posent as·su·ment ma·raî·chage ven·danges cueillette sur·peu·plés
    agri·coles ré·cla·mer pro·cé·dures in·exis·tante spé·cia·li·sées sou·lignent
    coor·di·na·tion fra·gile par·viennent par·quets im·por·tants dis·po·sent tou·jours
    prin·ci·pales lan·gues mi·nistres dis·po·si·tion en·quê·teurs joi·gnable
    in·té·res·sés sé·jour tem·po·raire fac·turent trans·port
    ac·ti·vi·té or·ga·ni·sa·tions fi·nan·cière fi·nan·ciers d’ex·ploi·ta·tion
    eu·ro·péenne en·tre·prises re·nou·vel·le·ment an·nuel·le·ment né·ces·saires
    in·dû·ment re·te·nues sa·laires dé·pôt of·fi·cielles réa·li·sées dé·ci·sions
""")


def _cuts(token: str, table: dict[str, tuple[int, ...]]) -> tuple[int, ...]:
    if "^" in token or "-" in token or " " in token:
        return ()
    m = _WORD.match(token)
    if not m:
        return ()
    lead = len(m.group(1))
    return tuple(lead + c for c in table.get(m.group(2).lower(), ()))


@dataclass(frozen=True)
class _Style:
    font: str
    size: float
    leading: float


def _measure(style: _Style) -> Callable[[str], float]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def measure(text: str) -> float:
        return sum(stringWidth(part, style.font, style.size * (0.6 if i % 2 else 1.0))
                   for i, part in enumerate(_MARK.split(text)))

    return measure


def _fill(queue: deque[str], width: float, style: _Style,
          table: dict[str, tuple[int, ...]]) -> tuple[list[str], bool]:
    """Take one line's words from `queue`; split a dictionary word at a break if it straddles."""
    measure = _measure(style)
    space = measure(" ")
    line: list[str] = []
    used = 0.0
    while queue:
        token = queue[0]
        gap = space if line else 0.0
        if used + gap + measure(token) <= width:
            line.append(token)
            used += gap + measure(token)
            queue.popleft()
            continue
        for cut in reversed(_cuts(token, table)):
            head = token[:cut] + "-"
            if used + gap + measure(head) <= width:
                line.append(head)
                queue[0] = token[cut:]
                return line, True
        if not line:
            line.append(queue.popleft())
        return line, False
    return line, False


def _tokens(text: str, french: bool = False) -> list[str]:
    """Words to wrap; in French, « » : ; ! ? never start or end a line on their own."""
    words = text.split()
    if not french:
        return words
    out: list[str] = []
    glue_next = False
    for word in words:
        if glue_next and out:
            out[-1] = f"{out[-1]} {word}"
            glue_next = False
        elif word in {"»", ":", ";", "!", "?"} and out:
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
        glue_next = word == "«"
    return out


@dataclass
class _Unit:
    text: str
    page: int
    rank: int  # 0 sidebar, 1 main column, 2 footnote
    seq: int


@dataclass
class _Flow:
    """Flows paragraphs through the main frames of successive pages."""

    frame: Callable[[int, float], tuple[float, float, float, float]]  # x, top, bottom, width
    reserve: dict[int, float]
    breaks: dict[str, tuple[int, ...]]
    french: bool = False
    page: int = 0
    y: float = 0.0
    ops: dict[int, list] = field(default_factory=lambda: defaultdict(list))
    units: list[_Unit] = field(default_factory=list)
    marks: dict[str, int] = field(default_factory=dict)
    hyphens: int = 0
    crossings: int = 0  # paragraphs that run on across a page break

    def __post_init__(self) -> None:
        self.y = self.box()[1]

    def box(self) -> tuple[float, float, float, float]:
        return self.frame(self.page, self.reserve.get(self.page, 0.0))

    def new_page(self) -> None:
        self.page += 1
        self.y = self.box()[1]

    def at_top(self) -> bool:
        return abs(self.y - self.box()[1]) < 0.01

    def add_unit(self, text: str, page: int | None = None, rank: int = 1) -> None:
        self.units.append(_Unit(_MARK.sub("", text), self.page if page is None else page, rank,
                                len(self.units)))

    def para(self, text: str, style: _Style, *, before: float = 0.0, indent: float = 0.0,
             justify: bool = False, label: str = "", hang: float = 0.0, keep: float = 0.0,
             hyphenate: bool = True) -> None:
        """One paragraph; `label` is drawn in the hanging indent `hang` ("1." of a list)."""
        if not self.at_top():
            self.y -= before
        if keep and self.y - keep < self.box()[2]:
            self.new_page()
        self.add_unit(f"{label} {text}" if label else text)
        queue = deque(_tokens(text, self.french))
        measure = _measure(style)
        first = True
        block: list | None = None
        while queue:
            if self.y - style.leading < self.box()[2]:
                self.new_page()
                self.crossings += not first
                block = None
            x, _top, _bottom, width = self.box()
            x += hang + (indent if first else 0.0)
            avail = width - hang - (indent if first else 0.0)
            line, hyph = _fill(queue, avail, style, self.breaks if hyphenate else {})
            self.hyphens += hyph
            base = self.y - style.size
            ops = self.ops[self.page]
            if label and first:
                ops.append(("s", self.box()[0], base, style.font, style.size, label))
            if justify:  # real spaces, stretched with the word-spacing operator (Tw)
                text_line = " ".join(line)
                spaces = text_line.count(" ")
                stretch = (avail - measure(text_line)) / spaces if queue and spaces else 0.0
                ops.append(("j", x, base, style.font, style.size, stretch, text_line))
                for mark in _MARK.findall(text_line):
                    self.marks[mark] = self.page
            else:  # ragged right, one text object per paragraph and page
                if block is None or block[1] != x:
                    block = ["t", x, base, style.font, style.size, style.leading, []]
                    ops.append(block)
                block[6].append(" ".join(line))
            self.y -= style.leading
            first = False


def _footnote_lines(text: str, width: float, style: _Style) -> list[str]:
    queue = deque(text.split())
    lines = []
    while queue:
        line, _ = _fill(queue, width, style, {})
        lines.append(" ".join(line))
    return lines


def _render(page_size, n_pages: int, ops: dict[int, list], furniture, title: str,
            subject: str = "") -> bytes:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=page_size, invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setSubject(subject)
    c.setAuthor("")
    c.setCreator("")
    c.setProducer("")
    for page in range(n_pages):
        for op in ops.get(page, []):
            kind = op[0]
            if kind == "s":
                _, x, y, font, size, text = op
                c.setFont(font, size)
                c.drawString(x, y, text)
            elif kind == "j":  # a justified line; footnote markers small and raised
                _, x, y, font, size, stretch, text = op
                for i, part in enumerate(_MARK.split(text)):
                    if i % 2:
                        small = round(size * 0.6, 2)
                        c.setFont(font, small)
                        c.drawString(x + 0.4, y + size * 0.38, part)
                        x += 0.4 + stringWidth(part, font, small)
                    elif part:
                        t = c.beginText(x, y)
                        t.setFont(font, size)
                        t.setWordSpace(stretch)
                        t.textOut(part)
                        c.drawText(t)
                        x += stringWidth(part, font, size) + part.count(" ") * stretch
            elif kind == "t":
                _, x, y, font, size, leading, lines = op
                t = c.beginText(x, y)
                t.setFont(font, size, leading)
                for line in lines:
                    t.textLine(line)
                c.drawText(t)
            elif kind == "rect":
                _, x, y, w, h, rgb = op
                c.setFillColorRGB(*rgb)
                c.rect(x, y, w, h, stroke=0, fill=1)
                c.setFillColorRGB(0, 0, 0)
            elif kind == "gray":
                c.setFillGray(op[1])
            else:  # "line"
                _, x1, y1, x2, y2, lw = op
                c.setLineWidth(lw)
                c.line(x1, y1, x2, y2)
        furniture(c, page, n_pages)
        c.showPage()
    c.save()
    return buf.getvalue()


@dataclass
class _Pdf:
    data: bytes
    article: tuple[str, ...]
    boilerplate: tuple[str, ...]
    hyphens: int
    n_pages: int


# ---------------------------------------------------------------------------------------------
# annual-report.pdf: an NGO's annual report, title page then sidebar + main column
# ---------------------------------------------------------------------------------------------

AR_TITLE = "Safe Routes, Fair Work: Protecting Migrant Workers from Trafficking and Forced Labour"
AR_SUBTITLE = "Annual report on the Trust’s programmes, January to December 2024"
AR_HEADER_ODD = "Safe Routes, Fair Work — Annual Report 2024"
AR_HEADER_EVEN = "Meridian Safe Migration Trust"

_AR_FOOTNOTES = {
    "1": "A night of accommodation is counted for each person staying in a shelter, including "
    "children accompanying a parent; visits to our daytime drop-in centres are not included.",
    "2": "The legal clinic is staffed by three lawyers employed by the Trust and eleven volunteer "
    "lawyers from two partner firms, who give their time without charge.",
}

_AR_SUMMARY = (
    "In 2024 the Trust assisted 412 survivors of trafficking and forced labour, the largest "
    "number in its eleven years of work, and for the first time more of them were identified "
    "through our outreach in recruitment hubs than through referrals from the police. That "
    "shift reflects a deliberate decision, taken two years ago, to spend less time waiting for "
    "cases to reach us and more time in the places where exploitation begins: the bus "
    "terminals, hostels and informal job markets where agents look for workers.",
    "Our six shelters provided 29,460 nights of safe accommodation^1, and the average length of "
    "stay rose from 41 to 63 days, largely because survivors waited longer for identity "
    "documents and for decisions on their immigration status. Longer stays put pressure on our "
    "budget, but they also gave survivors time to recover, to take part in vocational training "
    "and, where they chose to, to prepare for giving evidence against those who exploited them.",
    "Our legal team supported 38 cases that reached court during the year, and 21 of them ended "
    "with the conviction of at least one defendant. Survivors obtained compensation orders in "
    "nine cases, yet only three of those orders had been paid in full by December, a gap that "
    "we describe in section 3 and that we will raise with the Ministry of Justice throughout "
    "2025.",
    "None of this would have been possible without the 74 staff and volunteers who answered "
    "the hotline at night, drove survivors to hospital appointments and sat with them through "
    "police interviews, and without the donors, foundations and public bodies whose grants "
    "made up 88 percent of our income. We are grateful to all of them, and to the survivors who "
    "allowed us to tell parts of their stories in this report.",
)

_AR_MAIN: list[tuple] = [
    ("h", "1. Reaching people before they are exploited"),
    ("p", "Outreach teams visited 27 recruitment hubs every week, most of them bus terminals and "
     "cheap hostels in the border towns, where they spoke with 11,800 people about safe "
     "migration, checked job offers that workers had received by phone and handed out cards "
     "with the hotline number in nine languages. Workers who suspected that an offer was "
     "deceptive could photograph the contract and send it to our caseworkers, who replied "
     "within a day."),
    ("p", "Of the 412 survivors we assisted, 167 first contacted us through outreach or the "
     "hotline, compared with 96 who were referred by the police and 71 by labour inspectors. "
     "The remaining survivors reached us through hospitals, trade unions, embassies and, "
     "increasingly, through other survivors, who told friends and relatives that the Trust "
     "would help them without reporting them to the immigration authorities."),
    ("p", "The multilingual hotline answered 1,930 calls, a third of them outside office hours. "
     "Most callers wanted to know whether a job offer was genuine or how to leave an employer "
     "who was holding their passport; 212 calls led to a caseworker meeting the caller in "
     "person within a week, and 58 to an emergency response on the same day."),
    ("h", "2. Shelter and recovery"),
    ("p", "Our shelters offered accommodation, medical care, counselling and interpretation, as "
     "well as a small weekly allowance that allowed survivors to buy food and clothes of their "
     "own choosing. Caseworkers drew up an individual recovery plan with each resident within "
     "ten days of arrival and reviewed it every month with the survivor, a psychologist and, "
     "where relevant, a lawyer^2 from our legal clinic."),
    ("p", "Vocational training remained the part of our programme that residents valued most. "
     "Forty-six survivors completed courses in cooking, tailoring, bookkeeping or driving, and "
     "29 of them had found paid work with employers vetted by the Trust within three months of "
     "leaving the shelter, often with the help of a small grant to cover their first rent."),
    ("p", "Demand for places exceeded capacity for most of the year. On average, eleven people a "
     "month who needed shelter could not be admitted immediately and were placed in hotels paid "
     "for by the Trust, an arrangement that is expensive and that offers far less protection, "
     "since hotel staff are not trained to recognise traffickers who try to contact former "
     "victims. In October we signed an agreement with the municipal housing department to "
     "convert a former school dormitory into a seventh shelter with 24 places, which we expect "
     "to open in the spring of 2026 if the renovation budget is approved."),
    ("h", "3. Justice and compensation"),
    ("p", "Our lawyers represented survivors in 38 criminal cases, most of them brought under the "
     "trafficking provisions of the Criminal Code, and courts convicted 29 defendants in 21 "
     "cases. Sentences ranged from 18 months to eleven years of imprisonment; in four cases the "
     "court suspended the sentence entirely, including one in which a farm manager had "
     "confiscated the passports of nineteen workers for the whole of the harvest. Two further "
     "cases were still awaiting a verdict at the end of the year."),
    ("table", "Table 1. Survivors assisted in 2024, by form of exploitation", [
        ("Form of exploitation", "Women", "Men", "Total"),
        ("Agriculture", "38", "71", "109"),
        ("Construction", "4", "66", "70"),
        ("Domestic work", "83", "6", "89"),
        ("Sexual exploitation", "97", "3", "100"),
        ("Other forms", "19", "25", "44"),
        ("All survivors", "241", "171", "412"),
    ]),
    ("p", "Compensation remains the weakest link. Judges ordered defendants to pay survivors a "
     "total of 2.4 million in nine cases, but only three orders have been paid in full, because "
     "defendants had transferred their assets before trial or declared themselves insolvent. We "
     "will continue to ask the government to create a state compensation fund that pays "
     "survivors directly and then recovers the money from the offenders."),
    ("h", "4. Priorities for 2025"),
    ("p", "In the coming year the Trust will open a second legal clinic in the southern ports, "
     "train 300 frontline health workers to recognise the signs of forced labour and publish, "
     "together with two universities, a study of how recruitment debts are created and "
     "enforced. We will also ask survivors who have left our programmes to help us redesign "
     "them, because their experience remains the most reliable guide to what works."),
]

_AR_KEY_FIGURES = (
    ("412", "survivors assisted"),
    ("29,460", "nights of shelter"),
    ("1,930", "hotline calls answered"),
    ("38", "court cases supported"),
    ("21", "cases ending in conviction"),
    ("9", "compensation orders"),
)

_AR_ABOUT = (
    "About the Trust",
    "Founded in 2013 by a group of lawyers and social workers, the Trust runs shelters, a "
    "multilingual hotline and a legal clinic for people exploited in agriculture, construction, "
    "domestic work and the sex trade.",
)

_AR_QUOTE = (
    "“For the first time in two years I sleep without listening for the door. I know now that "
    "the debt they talked about was never real.”",
    "— A resident of one of the Trust’s shelters, 2024",
    "Names and some details in the cases described in this report have been changed to protect "
    "the survivors concerned.",
)


def _annual_report() -> _Pdf:
    from reportlab.lib.pagesizes import A4

    width, height = A4
    left, right = 56.0, width - 56.0
    side_w, gutter = 150.0, 22.0
    main_x = left + side_w + gutter
    top, bottom = height - 72.0, 62.0
    body = _Style("Times-Roman", 10.5, 13.6)
    head = _Style("Helvetica-Bold", 12, 15)
    title = _Style("Helvetica-Bold", 20, 24)
    subtitle = _Style("Helvetica", 11, 14)
    note = _Style("Times-Roman", 8, 9.6)
    side = _Style("Helvetica", 8.5, 11)
    side_b = _Style("Helvetica-Bold", 9, 12)

    def frame(page: int, reserve: float) -> tuple[float, float, float, float]:
        if page == 0:
            return (left, top, bottom + reserve, right - left)
        return (main_x, top, bottom + reserve, right - main_x)

    def flow(reserve: dict[int, float]) -> _Flow:
        f = _Flow(frame, reserve, _BREAKS_EN)
        f.para(AR_TITLE, title)
        f.para(AR_SUBTITLE, subtitle, before=6)
        f.para("Executive summary", head, before=22, keep=60)
        for i, text in enumerate(_AR_SUMMARY):
            f.para(text, body, before=0 if i else 4, indent=14 if i else 0, justify=True)
        f.new_page()
        after_heading = True
        for block in _AR_MAIN:
            if block[0] == "h":
                f.para(block[1], head, before=14, keep=15 + 4 + 3 * body.leading)
                f.y -= 4
                after_heading = True
            elif block[0] == "p":
                f.para(block[1], body, indent=0 if after_heading else 14, justify=True)
                after_heading = False
            else:
                _table(f, block[1], block[2])
                after_heading = True
        return f

    def _table(f: _Flow, caption: str, rows: list[tuple[str, ...]]) -> None:
        cap, cell, cell_b = (_Style("Helvetica-Bold", 9, 12), _Style("Helvetica", 8.5, 10),
                             _Style("Helvetica-Bold", 8.5, 10))
        row_h = 15.0
        need = 10 + cap.leading + 4 + row_h * len(rows) + 12
        if f.y - need < f.box()[2]:
            f.new_page()
        f.y -= 10
        f.para(caption, cap, hyphenate=False)
        f.y -= 4
        x0, _, _, w = f.box()
        widths = (w - 3 * 58, 58, 58, 58)
        ops = f.ops[f.page]
        y = f.y
        ops.append(("rect", x0, y - row_h, w, row_h, (0.85, 0.89, 0.93)))
        ops.append(("line", x0, y, x0 + w, y, 0.9))
        from reportlab.pdfbase.pdfmetrics import stringWidth

        for r, row in enumerate(rows):
            style = cell_b if r in (0, len(rows) - 1) else cell
            base = y - r * row_h - row_h + 4.5
            cx = x0
            for c, (text, cw) in enumerate(zip(row, widths, strict=True)):
                if c == 0:
                    ops.append(("s", cx + 3, base, style.font, style.size, text))
                else:
                    tw = stringWidth(text, style.font, style.size)
                    ops.append(("s", cx + cw - 3 - tw, base, style.font, style.size, text))
                cx += cw
            f.add_unit(" ".join(row))
            line_w = 0.9 if r == len(rows) - 1 else (0.6 if r == 0 else 0.3)
            ops.append(("line", x0, y - (r + 1) * row_h, x0 + w, y - (r + 1) * row_h, line_w))
        f.y = y - row_h * len(rows) - 12

    reserve: dict[int, float] = {}
    for _ in range(6):  # re-flow until the space kept for footnotes settles
        f = flow(reserve)
        wanted: dict[int, float] = {}
        for mark, page in f.marks.items():
            fw = frame(page, 0)[3]
            lines = _footnote_lines(_AR_FOOTNOTES[mark], fw - 8, note)
            wanted[page] = wanted.get(page, 18.0) + len(lines) * note.leading
        if wanted == reserve:
            break
        reserve = wanted
    else:  # pragma: no cover
        raise RuntimeError("footnotes do not settle")
    n_pages = f.page + 1
    assert (n_pages, f.crossings) == (3, 1) and f.hyphens >= 8, (n_pages, f.crossings, f.hyphens)

    # Footnotes at the foot of the main column of their page.
    for mark, page in sorted(f.marks.items()):
        x, _, foot, fw = frame(page, reserve[page])
        ops = f.ops[page]
        ops.append(("line", x, foot - 6, x + 80, foot - 6, 0.4))
        y = foot - 15
        for i, line in enumerate(_footnote_lines(_AR_FOOTNOTES[mark], fw - 8, note)):
            if i == 0:
                ops.append(("s", x, y + 2.8, note.font, 5.2, mark))
            ops.append(("s", x + 5, y, note.font, note.size, line))
            y -= note.leading
        f.units.append(_Unit(_AR_FOOTNOTES[mark], page, 2, len(f.units)))

    # The sidebar of pages 2 and 3.
    def side_text(page: int, y: float, text: str, style: _Style, x: float, w: float) -> float:
        queue = deque(text.split())
        while queue:
            line, _ = _fill(queue, w, style, {})
            f.ops[page].append(("s", x, y - style.size, style.font, style.size, " ".join(line)))
            y -= style.leading
        f.units.append(_Unit(text, page, 0, len(f.units)))
        return y

    from reportlab.pdfbase.pdfmetrics import stringWidth

    pad = 9.0
    box_h = pad * 2 + 16 + 14 * len(_AR_KEY_FIGURES)
    f.ops[1].append(("rect", left, top - box_h, side_w, box_h, (0.88, 0.93, 0.90)))
    y = top - pad
    f.ops[1].append(("s", left + pad, y - 10.5, "Helvetica-Bold", 10.5, "Key figures 2024"))
    f.units.append(_Unit("Key figures 2024", 1, 0, len(f.units)))
    y -= 16
    for number, label in _AR_KEY_FIGURES:
        base = y - 9.5
        f.ops[1].append(("s", left + pad, base, "Helvetica-Bold", 9.5, number + " "))
        nx = left + pad + stringWidth(number + " ", "Helvetica-Bold", 9.5)
        f.ops[1].append(("s", nx, base, "Helvetica", 9.5, label))
        assert nx + stringWidth(label, "Helvetica", 9.5) < left + side_w - pad
        f.units.append(_Unit(f"{number} {label}", 1, 0, len(f.units)))
        y -= 14
    y = top - box_h - 18
    y = side_text(1, y, _AR_ABOUT[0], side_b, left, side_w)
    side_text(1, y - 2, _AR_ABOUT[1], side, left, side_w)

    quote = _Style("Helvetica-Oblique", 11, 14.5)
    f.ops[2].append(("gray", 0.25))
    f.ops[2].append(("line", left, top, left + 40, top, 2.0))
    y = side_text(2, top - 10, _AR_QUOTE[0], quote, left, side_w)
    f.ops[2].append(("gray", 0.0))
    y = side_text(2, y - 4, _AR_QUOTE[1], side, left, side_w)
    side_text(2, y - 16, _AR_QUOTE[2], side, left, side_w)

    def furniture(c, page: int, n: int) -> None:
        c.setFont("Helvetica-Oblique", 8)
        c.setFillGray(0.35)
        if page % 2 == 0:  # printed pages 1 and 3: odd
            c.drawRightString(right, height - 44, AR_HEADER_ODD)
        else:
            c.drawString(left, height - 44, AR_HEADER_EVEN)
        c.setLineWidth(0.3)
        c.setStrokeGray(0.5)
        c.line(left, height - 50, right, height - 50)
        c.setStrokeGray(0)
        c.setFillGray(0)
        c.setFont("Helvetica", 9)
        c.drawCentredString(width / 2, 34, f"- {page + 1} -")

    units = sorted(f.units, key=lambda u: (u.page, u.rank, u.seq))
    data = _render(A4, n_pages, f.ops, furniture, AR_TITLE, "Annual report 2024")
    return _Pdf(data, tuple(u.text for u in units),
                (AR_HEADER_ODD, AR_HEADER_EVEN, *(f"- {n} -" for n in range(1, n_pages + 1))),
                f.hyphens, n_pages)


# ---------------------------------------------------------------------------------------------
# brief-fr.pdf: a two-page French policy brief, one column, DejaVu Serif, numbered list
# ---------------------------------------------------------------------------------------------

FR_BRIEF_TITLE = ("Travail saisonnier agricole : prévenir la traite des êtres humains à des fins "
                  "d’exploitation par le travail")


def _fr_footer(page: int, n: int) -> str:
    return f"Note d’orientation n° 7 — page {page} sur {n}"


_FR_BLOCKS: list[tuple] = [
    ("h", "Résumé"),
    ("p", "Chaque année, plusieurs dizaines de milliers de travailleurs étrangers viennent en "
     "France pour les vendanges, la cueillette des fruits ou le maraîchage. La grande majorité "
     "d’entre eux travaillent dans des conditions conformes au droit, mais les contrôles menés "
     "en 2024 dans trois départements du Sud-Ouest montrent que certains sont recrutés par des "
     "intermédiaires qui les endettent, les logent dans des conditions indignes et retiennent "
     "une partie de leur salaire."),
    ("p", "La présente note, fondée sur 46 entretiens avec des travailleurs, des employeurs, des "
     "inspecteurs du travail et des associations, propose six mesures pour que les situations "
     "de traite soient repérées plus tôt et que les victimes puissent faire valoir leurs droits "
     "sans craindre de perdre leur droit au séjour."),
    ("h", "Constats"),
    ("p", "Les situations les plus graves concernent des travailleurs recrutés dans leur pays "
     "d’origine par des entreprises de prestation de services établies dans un autre État "
     "membre de l’Union européenne. Ces entreprises facturent des frais de recrutement, de "
     "transport et d’hébergement qui peuvent atteindre deux mois de salaire, puis les déduisent "
     "des paies au fil de la saison, si bien que certains travailleurs repartent sans avoir "
     "rien gagné."),
    ("p", "Les inspecteurs du travail rencontrés décrivent des hébergements collectifs "
     "surpeuplés, parfois installés dans des hangars agricoles, et des journées de douze heures "
     "sans jour de repos. Plusieurs travailleurs ont indiqué que leur passeport avait été « "
     "gardé en sécurité » par le chef d’équipe et qu’ils n’osaient pas le réclamer, de peur "
     "d’être renvoyés avant la fin du contrat."),
    ("p", "Les victimes repérées hésitent à porter plainte. Beaucoup ignorent qu’elles peuvent "
     "obtenir une carte de séjour temporaire si elles coopèrent avec la justice, et celles qui "
     "le savent redoutent de perdre la seule source de revenus de leur famille pendant une "
     "procédure qui dure souvent plus de deux ans. Les associations soulignent en outre que "
     "l’accompagnement juridique est quasi inexistant dans les zones rurales, loin des barreaux "
     "et des permanences spécialisées."),
    ("p", "Les données disponibles restent lacunaires. En 2024, l’inspection du travail a "
     "transmis 37 signalements pour des faits pouvant relever de la traite dans le secteur "
     "agricole de la région, mais seules neuf procédures ont donné lieu à des poursuites et "
     "aucune condamnation n’avait encore été prononcée à la fin de l’année. Les travailleurs "
     "concernés venaient pour la plupart d’Amérique latine et d’Afrique de l’Ouest."),
    ("p", "Enfin, la coordination entre les services reste fragile. Les signalements de "
     "l’inspection du travail parviennent aux parquets avec des délais importants, les "
     "gendarmes ne disposent pas toujours d’interprètes dans les langues parlées par les "
     "travailleurs, et les donneurs d’ordre, c’est-à-dire les exploitations qui recourent aux "
     "prestataires, sont rarement mis en cause, alors même qu’ils connaissent souvent les "
     "conditions d’emploi de la main-d’œuvre."),
    ("h", "Recommandations"),
    ("p", "L’Observatoire recommande aux pouvoirs publics et aux organisations professionnelles "
     "agricoles de mettre en œuvre les mesures suivantes avant la saison 2026 :"),
    ("li", "1.", "Renforcer les contrôles conjoints de l’inspection du travail, de la gendarmerie "
     "et de l’Office central pour la répression de la traite des êtres humains pendant les pics "
     "d’activité saisonnière, en incluant systématiquement la visite des hébergements."),
    ("li", "2.", "Interdire toute facturation de frais de recrutement aux travailleurs et rendre "
     "le donneur d’ordre solidairement responsable du remboursement des sommes indûment "
     "retenues sur les salaires."),
    ("li", "3.", "Délivrer dès le premier signalement un récépissé aux victimes présumées, sans "
     "attendre le dépôt d’une plainte, afin qu’elles puissent quitter l’employeur sans perdre "
     "leur droit au séjour."),
    ("li", "4.", "Créer dans chaque département concerné une permanence juridique mobile, assurée "
     "par des avocats formés, qui se rende sur les lieux de travail et d’hébergement pendant la "
     "saison."),
    ("li", "5.", "Mettre à la disposition des enquêteurs un service d’interprétariat joignable à "
     "toute heure dans les principales langues parlées par les travailleurs saisonniers."),
    ("li", "6.", "Publier chaque année un bilan départemental des contrôles, des signalements et "
     "des suites judiciaires, afin de mesurer les progrès réalisés et d’orienter les moyens vers "
     "les territoires les plus exposés."),
    ("p", "La plupart de ces mesures ne demandent pas de nouvelle loi ; elles supposent surtout "
     "que les administrations concernées partagent leurs informations et que les employeurs "
     "assument leur part de responsabilité dans le choix de leurs prestataires."),
]


@lru_cache(maxsize=1)
def _dejavu() -> tuple[str, str, str]:
    """Registers DejaVu Serif, Sans and Sans Bold (from matplotlib's data) with reportlab."""
    from importlib.util import find_spec

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    spec = find_spec("matplotlib")  # its data folder, without importing matplotlib
    assert spec is not None and spec.submodule_search_locations
    folder = os.path.join(spec.submodule_search_locations[0], "mpl-data", "fonts", "ttf")
    names = ("HeldoutSerif", "HeldoutSans", "HeldoutSans-Bold")
    files = ("DejaVuSerif.ttf", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
    for name, file in zip(names, files, strict=True):
        pdfmetrics.registerFont(TTFont(name, os.path.join(folder, file)))
    return names


def _brief_fr() -> _Pdf:
    from reportlab.lib.pagesizes import letter

    serif, sans, sans_bold = _dejavu()
    width, height = letter
    left, right = 72.0, width - 72.0
    top, bottom = height - 66.0, 70.0
    body = _Style(serif, 10, 14.2)
    head = _Style(sans_bold, 11.5, 15)
    title = _Style(sans_bold, 16, 20.5)

    def frame(page: int, reserve: float) -> tuple[float, float, float, float]:
        return (left, top, bottom, right - left)

    f = _Flow(frame, {}, _BREAKS_FR, french=True)
    f.para(FR_BRIEF_TITLE, title, hyphenate=False)
    f.y -= 8
    for block in _FR_BLOCKS:
        if block[0] == "h":
            f.para(block[1], head, before=14, keep=15 + 3 * body.leading, hyphenate=False)
            f.y -= 2
        elif block[0] == "p":
            f.para(block[1], body, before=7)
        else:
            f.para(block[2], body, before=5, label=block[1], hang=18)
    n_pages = f.page + 1
    assert (n_pages, f.crossings) == (2, 1) and f.hyphens >= 3, (n_pages, f.crossings, f.hyphens)

    def furniture(c, page: int, n: int) -> None:
        c.setLineWidth(0.6)
        c.line(left, 52, right, 52)
        c.setFont(sans, 8)
        c.drawString(left, 40, _fr_footer(page + 1, n))

    data = _render(letter, n_pages, f.ops, furniture, FR_BRIEF_TITLE,
                   "Observatoire régional des migrations de travail")
    units = sorted(f.units, key=lambda u: (u.page, u.rank, u.seq))
    return _Pdf(data, tuple(u.text for u in units),
                tuple(_fr_footer(p, n_pages) for p in range(1, n_pages + 1)), f.hyphens,
                n_pages)


# ---------------------------------------------------------------------------------------------
# minutes-vi.docx: Vietnamese meeting minutes
# ---------------------------------------------------------------------------------------------

VI_MINUTES_TITLE = ("Biên bản họp giao ban công tác phòng, chống mua bán người quý I năm 2025")
VI_MINUTES_FOOTER = "Biên bản lưu hành nội bộ - không sao chụp, phát tán"


def _docx_bytes(document) -> bytes:
    import datetime as dt

    when = dt.datetime(2025, 4, 16, 15, 0, tzinfo=dt.timezone.utc)
    props = document.core_properties
    props.created = when
    props.modified = when
    props.last_printed = when
    props.author = ""
    props.last_modified_by = ""
    props.revision = 2
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 4, 16, 15, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _minutes_vi() -> Fixture:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.title = VI_MINUTES_TITLE
    document.core_properties.language = "vi-VN"
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(13)
    document.sections[0].footer.paragraphs[0].text = VI_MINUTES_FOOTER
    article: list[str] = []

    # Letterhead: a borderless table of one row, several centred paragraphs in each cell.
    letterhead = document.add_table(rows=1, cols=2)
    cells = (
        ("ỦY BAN NHÂN DÂN TỈNH TÂN LĨNH", "BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM",
         "Số: 27/BB-BCĐ"),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
         "Tân Lĩnh, ngày 16 tháng 4 năm 2025"),
    )
    for c, texts in enumerate(cells):
        cell = letterhead.cell(0, c)
        cell.text = texts[0]
        for extra in texts[1:]:
            cell.add_paragraph(extra)
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.paragraphs[0].runs[0].bold = True
        article.extend(texts)

    document.add_heading("BIÊN BẢN HỌP", level=0)
    article.append("BIÊN BẢN HỌP")
    sub = document.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.add_run("Giao ban công tác phòng, chống mua bán người quý I năm 2025").bold = True
    article.append("Giao ban công tác phòng, chống mua bán người quý I năm 2025")

    def labelled(label: str, text: str) -> None:
        p = document.add_paragraph()
        p.add_run(label).bold = True
        p.add_run(" " + text)
        article.append(f"{label} {text}")

    def heading(text: str, level: int) -> None:
        document.add_heading(text, level=level)
        article.append(text)

    def para(text: str) -> None:
        document.add_paragraph(text)
        article.append(text)

    heading("I. THỜI GIAN, ĐỊA ĐIỂM VÀ THÀNH PHẦN", 1)
    labelled("Thời gian:", "8 giờ 00, ngày 15 tháng 4 năm 2025.")
    labelled("Địa điểm:", "Phòng họp số 2, trụ sở Công an tỉnh Tân Lĩnh.")
    labelled("Chủ trì:", "Đại tá Lê Văn Thành, Phó Giám đốc Công an tỉnh, Phó Trưởng Ban "
             "Chỉ đạo.")
    labelled("Thư ký:", "Thiếu tá Nguyễn Thị Hồng Nhung, Phòng Cảnh sát hình sự.")
    para("Thành phần tham dự gồm đại diện Sở Lao động - Thương binh và Xã hội, Bộ Chỉ huy Bộ đội "
         "Biên phòng tỉnh, Sở Y tế, Tỉnh đoàn, Hội Liên hiệp Phụ nữ tỉnh, Trung tâm Công tác xã "
         "hội tỉnh và lãnh đạo Công an bảy huyện, thị xã, thành phố có đường biên giới hoặc có "
         "nhiều người dân đi làm việc ở nước ngoài.")
    heading("II. NỘI DUNG CUỘC HỌP", 1)
    heading("1. Kết quả công tác quý I năm 2025", 2)
    para("Đồng chí Trưởng phòng Cảnh sát hình sự báo cáo tình hình tội phạm mua bán người trong "
         "quý I. Các đối tượng tiếp tục lợi dụng mạng xã hội để đăng tin tuyển dụng lao động với "
         "mức lương từ 1.000 đến 1.500 đô la Mỹ mỗi tháng, sau đó đưa người sang các nước láng "
         "giềng làm việc trong các cơ sở lừa đảo trực tuyến, giữ hộ chiếu và buộc gia đình nạn "
         "nhân nộp tiền chuộc nếu muốn đưa người về nước.")
    para("Kết quả phát hiện, xử lý tội phạm và hỗ trợ nạn nhân của các lực lượng trong quý được "
         "tổng hợp tại bảng dưới đây:")

    rows = (
        ("Đơn vị", "Nội dung", "Quý I/2025", "Cùng kỳ 2024"),
        ("Công an tỉnh", "Số vụ mua bán người được phát hiện", "6", "4"),
        (None, "Số đối tượng bị khởi tố", "11", "7"),
        ("Bộ đội Biên phòng tỉnh", "Số người được ngăn chặn xuất cảnh trái phép", "38", "25"),
        ("Trung tâm Công tác xã hội tỉnh", "Số nạn nhân được tiếp nhận, hỗ trợ", "17", "12"),
    )
    table = document.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    merged = table.cell(1, 0).merge(table.cell(2, 0))  # w:vMerge over two rows
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is None:
                continue
            cell = merged if (r, c) == (1, 0) else table.cell(r, c)
            cell.text = text
            if r == 0:
                cell.paragraphs[0].runs[0].bold = True
            article.append(text)

    para("Các đại biểu thống nhất đánh giá công tác phối hợp giữa các lực lượng đã có chuyển biến "
         "rõ rệt, nhất là trong việc xác minh thông tin qua đường dây nóng và trao trả nạn nhân "
         "tại cửa khẩu. Tuy nhiên, số vụ việc được phát hiện vẫn chưa phản ánh đúng thực tế, vì "
         "nhiều gia đình không trình báo mà tự tìm cách chuộc người thân qua các đối tượng môi "
         "giới.")
    heading("2. Ý kiến của các đại biểu", 2)
    para("Đại diện Hội Liên hiệp Phụ nữ tỉnh đề nghị kéo dài thời gian lưu trú tại cơ sở hỗ trợ "
         "nạn nhân từ 60 lên 90 ngày đối với những trường hợp bị sang chấn tâm lý nặng, đồng thời "
         "bố trí cán bộ nữ tham gia lấy lời khai khi nạn nhân là phụ nữ và trẻ em.")
    para("Đại diện Bộ đội Biên phòng tỉnh cho biết các đối tượng đã chuyển sang đưa người qua "
         "đường mòn, lối mở vào ban đêm và thường xuyên thay đổi điểm tập kết, vì vậy đề nghị "
         "Công an các huyện biên giới chia sẻ ngay thông tin về các tài khoản mạng xã hội có dấu "
         "hiệu tuyển dụng lao động trái phép.")
    heading("III. KẾT LUẬN CỦA CHỦ TRÌ", 1)
    para("Sau khi nghe báo cáo và ý kiến thảo luận, đồng chí chủ trì kết luận và giao nhiệm vụ "
         "như sau:")
    for text in (
        "Phòng Cảnh sát hình sự chủ trì, phối hợp với Bộ đội Biên phòng tỉnh xây dựng kế hoạch "
        "cao điểm tấn công, trấn áp tội phạm mua bán người trong quý II, hoàn thành trước ngày "
        "30 tháng 4 năm 2025.",
        "Sở Lao động - Thương binh và Xã hội rà soát quy trình tiếp nhận, hỗ trợ nạn nhân, đề "
        "xuất kéo dài thời gian lưu trú đối với các trường hợp đặc biệt và báo cáo Ban Chỉ đạo "
        "tại cuộc họp tháng 5.",
        "Tỉnh đoàn phối hợp với các trường trung học phổ thông tổ chức tuyên truyền về thủ đoạn "
        "tuyển dụng việc làm giả mạo trên mạng xã hội trước kỳ nghỉ hè.",
        "Công an các huyện, thị xã, thành phố cập nhật danh sách người rời khỏi địa phương không "
        "rõ lý do và phối hợp với chính quyền cấp xã để xác minh, báo cáo kết quả hằng tháng.",
    ):
        document.add_paragraph(text, style="List Number")
        article.append(text)
    para("Cuộc họp kết thúc vào lúc 11 giờ 15 cùng ngày. Biên bản đã được đọc lại cho các thành "
         "viên dự họp và được thông qua.")
    return Fixture(
        name="minutes-vi.docx",
        data=_docx_bytes(document),
        article=tuple(article),
        boilerplate=(VI_MINUTES_FOOTER,),
        metadata={"title": VI_MINUTES_TITLE},
        lang="vi",
    )


# ---------------------------------------------------------------------------------------------
# The set
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _pdfs() -> tuple[_Pdf, _Pdf]:
    return _annual_report(), _brief_fr()


def heldout_fixtures() -> list[Fixture]:
    """The six held-out documents, in a fixed order: three pages, two PDFs, one Word file."""
    report, brief = _pdfs()
    return [
        _es_news(),
        _gov_en(),
        _id_news(),
        Fixture(
            name="annual-report.pdf",
            data=report.data,
            article=report.article,
            boilerplate=report.boilerplate,
            metadata={"title": AR_TITLE},
            lang="en",
        ),
        Fixture(
            name="brief-fr.pdf",
            data=brief.data,
            article=brief.article,
            boilerplate=brief.boilerplate,
            metadata={"title": FR_BRIEF_TITLE},
            lang="fr",
        ),
        _minutes_vi(),
    ]
