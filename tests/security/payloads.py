"""Issue 18: hostile text and hostile links, as tables.

Every text payload carries its own marker (`H07`) in its readable part and in every part
that would be live if it escaped its context (the script's body, the attribute's value,
the address it would fetch), so whatever reaches an output can be traced to its payload.
`{web}` is a listener on 127.0.0.1 that records every connection.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    id: str
    text: str
    # what the output must never contain as text: the template evaluated, for instance
    never: tuple[str, ...] = ()

    @property
    def one_line(self) -> str:
        return " ".join(self.text.splitlines())


_TEXTS: list[tuple[str, str] | tuple[str, str, tuple[str, ...]]] = [
    ("H01", "H01 <script>alert('H01')</script>"),
    ("H02", "H02 <SCRIPT SRC={web}/H02.js></SCRIPT>"),
    ("H03", "H03 <img src=x onerror=\"alert('H03')\">"),
    ("H04", "H04 \"><script>alert('H04')</script>"),
    ("H05", "H05 '><svg onload=alert('H05')>"),
    ("H06", "H06 [klick](javascript:alert('H06'))"),
    ("H07", "H07 [klick](JaVaScRiPt:alert('H07'))"),
    ("H08", "H08 <a href=\"javascript:alert('H08')\">klick</a>"),
    ("H09", "H09 [daten](data:text/html,H09%3Cscript%3Ealert(1)%3C/script%3E)"),
    ("H10", 'H10 <a href="data:text/html;name=H10;base64,PHNjcmlwdD4=">daten</a>'),
    ("H11", 'H11 [vb](vbscript:msgbox("H11"))'),
    ("H12", "H12 <a href='vbscript:msgbox(\"H12\")'>vb</a>"),
    ("H13", "H13 [datei](file:///etc/passwd#H13)"),
    ("H14", "H14 ![bild]({web}/H14.png)"),
    ("H15", "H15 ![passwort](file:///etc/passwd#H15)"),
    ("H16", 'H16 <img src="{web}/H16.png" alt="H16">'),
    ("H17", 'H17 <iframe src="{web}/H17"></iframe>'),
    ("H18", 'H18 <object data="{web}/H18.swf"></object>'),
    ("H19", 'H19 <embed src="{web}/H19.swf">'),
    ("H20", 'H20 <base href="{web}/H20/">'),
    ("H21", 'H21 <meta http-equiv="refresh" content="0;url=javascript:alert(\'H21\')">'),
    ("H22", 'H22 <link rel="stylesheet" href="{web}/H22.css">'),
    ("H23", 'H23 <div style="background:url({web}/H23.png)">x</div>'),
    (
        "H24",
        "H24 <style>@import url({web}/H24.css); p {{ background: url({web}/H24.png) }}</style>",
    ),
    ("H25", "H25 <svg/onload=alert('H25')><script>alert('H25')</script></svg>"),
    ("H26", "H26 </title><script>alert('H26')</script><title>"),
    ("H27", "H27 ]]><script>alert('H27')</script><![CDATA["),
    ("H28", "H28 <![CDATA[<script>alert('H28')</script>]]>"),
    ("H29", "H29 &lt;script&gt;alert('H29')&lt;/script&gt;"),
    ("H30", "H30 <a href=\"&#106;avascript:alert('H30')\">x</a>"),
    ("H31", "H31 [x](&#x6A;avascript:alert('H31'))"),
    ("H32", "H32 {{{{ 7*7 }}}} {{{{ config }}}}", ("H32 49",)),
    ("H33", "H33 {{% if 1 %}}{{% endif %}}Ende {{% include 'base.html' %}}", ("H33 Ende",)),
    ("H34", '=HYPERLINK("{web}/H34","H34")'),
    ("H35", "+SUM(1+1)*cmd|' /C calc'!A0 H35"),
    ("H36", "-2+3+cmd|' /C calc'!A0 H36"),
    ("H37", "@SUM(1+1) H37"),
    ("H38", "\t=1+1 H38"),
    ("H39", "\r=1+1 H39"),
    ("H40", "H40 \u202egnp.exe\u202c \u2066H40\u2069 \u200f\u061c"),
    ("H41", "H41 " + "A" * 20_000 + "<script>alert('H41')</script>"),
    ("H42", "H42 [ref][1]\n\n[1]: javascript:alert('H42')"),
    ("H43", "H43 <javascript:alert('H43')> <{web}/H43>"),
    ("H44", "H44 <details open ontoggle=alert('H44')>x</details>"),
    (
        "H45",
        "H45 <form action=\"javascript:alert('H45')\">"
        "<button formaction=\"javascript:alert('H45')\">x</button></form>",
    ),
    ("H46", "H46 <svg><a xlink:href=\"javascript:alert('H46')\"><text>x</text></a></svg>"),
    ("H47", "H47 <math><mtext><table><mglyph><style><img src=x onerror=alert('H47')>"),
    ("H48", "H48 --><script>alert('H48')</script><!--"),
    ("H49", "H49 Kreishaus\r\nURL:javascript:alert('H49')\r\nBEGIN:VEVENT"),
    ("H50", "H50 ![x](javascript:alert('H50'))"),
    ("H51", "H51 [x](//127.0.0.1:{port}/H51)"),
    ("H52", "H52 [x]( javascript:alert('H52'))"),
    ("H53", "H53 [x](java\tscript:alert('H53'))"),
    ("H54", "H54 <a href=\"java&#x09;script:alert('H54')\">x</a>"),
    ("H55", 'H55 <video poster="{web}/H55.png"><source src="{web}/H55.mp4"></video>'),
    ("H56", 'H56 <input type="image" src="{web}/H56.png">'),
    ("H57", "H57 <p style=\"width: expression(alert('H57'))\">x</p>"),
    ("H58", 'H58 <svg><use href="{web}/H58.svg#x"/><image href="file:///etc/passwd#H58"/></svg>'),
    ("H59", "H59 <a href=\"&#x6a;&#x61;vascript:alert('H59')\">x</a>"),
    ("H60", "H60 [x](<javascript:alert('H60')>)"),
    ("H61", 'H61 [x](https://kreis.example/H61 "Titel\\" onmouseover=\\"alert(\'H61\')")'),
    ("H62", 'H62 <a href="file:///etc/passwd?H62">datei</a>'),
    ("H63", "H63 [x](https://kreis.example/H63\"onmouseover=\"alert('H63'))"),
    ("H64", "H64 javascript:alert('H64') www.example.org/H64"),
    ("H65", "H65 {web}/H65.png file:///etc/passwd?H65"),
]


def texts(port: int) -> list[Payload]:
    """The hostile texts with the listener's *port* filled in."""
    web = f"http://127.0.0.1:{port}"
    return [
        Payload(entry[0], entry[1].format(web=web, port=port), *entry[2:])  # type: ignore[misc]
        for entry in _TEXTS
    ]


TEXT_IDS = [entry[0] for entry in _TEXTS]

# Links a person might type where a link is asked for: none may be stored.
LINKS: list[str] = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "JAVASCRIPT:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    " javascript:alert(1)",
    "\u00a0javascript:alert(1)",
    "\x01javascript:alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "javascript://%0aalert(1)",
    "javascript:alert(1)//https://kreis.example/",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "FILE:///C:/Windows/win.ini",
    "ftp://kreis.example/bericht.pdf",
    "ws://kreis.example/socket",
    "blob:https://kreis.example/0f1e",
    "about:blank",
    "view-source:https://kreis.example/",
    "jar:https://kreis.example/x.jar!/",
    "tel:+4912345",
    "intent://scan/#Intent;scheme=zxing;end",
    "//evil.example/bericht.pdf",
    "///evil.example",
    "/wissen/bericht.pdf",
    "bericht.pdf",
    "../../etc/passwd",
    "https:evil.example",
    "http:\\\\evil.example",
    "https://",
    "http:///etc/passwd",
    "https://[::1",
    "mailto:",
    "mailto:niemand",
    "mailto://evil.example",
    "https://kreis.example/" + "a" * 2001,
    "https://kreis.example/\x00.pdf",
    "https://kreis.example/\x7f.pdf",
    "https://kreis.example/\u202efdp.exe",
    "https://kreis.example/\u2066x\u2069.pdf",
    "https://kreis.example/\u200b.pdf",
    "https://kreis.example/ bericht.pdf",
    "https://kreis.example/\r\nSet-Cookie: x=1",
]
