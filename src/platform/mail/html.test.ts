import { describe, expect, it } from 'vitest'
import { foldQuotedText, htmlToText, sanitizeMailHtml } from './html.js'

const LINK = 'rel="noopener noreferrer" target="_blank"'

describe('sanitizeMailHtml', () => {
  it.each([
    [
      'formatting',
      '<p><b>vet</b> <i>schuin</i> <u>onder</u> <s>weg</s></p>',
      '<p><b>vet</b> <i>schuin</i> <u>onder</u> <s>weg</s></p>',
    ],
    [
      'lists',
      '<ul><li>een</li></ul><ol start="3"><li>drie</li></ol>',
      '<ul><li>een</li></ul><ol start="3"><li>drie</li></ol>',
    ],
    [
      'tables',
      '<table border="1" cellpadding="2"><tr><th colspan="2">Job</th></tr><tr><td valign="top">a</td></tr></table>',
      '<table border="1" cellpadding="2"><tr><th colspan="2">Job</th></tr><tr><td valign="top">a</td></tr></table>',
    ],
    [
      'an https link, opened apart',
      '<a href="https://klant.example/x?a=1&amp;b=2">x</a>',
      `<a href="https://klant.example/x?a=1&amp;b=2" ${LINK}>x</a>`,
    ],
    ['an http link', '<a href="http://klant.example">x</a>', `<a href="http://klant.example" ${LINK}>x</a>`],
    [
      'a mailto link',
      '<a href="mailto:piet@klant.example">Piet</a>',
      `<a href="mailto:piet@klant.example" ${LINK}>Piet</a>`,
    ],
    ['a javascript: link', '<a href="javascript:alert(1)">x</a>', `<a ${LINK}>x</a>`],
    ['an entity-encoded javascript: link', '<a href="JaVaScRiPt&#58;alert(1)">x</a>', `<a ${LINK}>x</a>`],
    ['a javascript: link with leading space', '<a href=" javascript:alert(1)">x</a>', `<a ${LINK}>x</a>`],
    ['a data: link', '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', `<a ${LINK}>x</a>`],
    ['a relative link', '<a href="/api/users">x</a>', `<a ${LINK}>x</a>`],
    ['a protocol-relative link', '<a href="//evil.example/x">x</a>', `<a ${LINK}>x</a>`],
    ['an ftp link', '<a href="ftp://files.example/x">x</a>', `<a ${LINK}>x</a>`],
    [
      'a target of its own',
      '<a href="https://x.example" target="_top" rel="opener">x</a>',
      `<a href="https://x.example" ${LINK}>x</a>`,
    ],
    [
      'an embedded image (cid:)',
      '<img src="cid:image001.png@01DB0DE4" alt="logo" width="16">',
      '<img src="cid:image001.png@01DB0DE4" alt="logo" width="16" />',
    ],
    [
      'an inline data: image',
      '<img src="data:image/png;base64,iVBORw0KGgo=">',
      '<img src="data:image/png;base64,iVBORw0KGgo=" />',
    ],
    [
      'a remote image (tracking pixel)',
      '<p>a<img src="https://tracker.example/open.gif?id=42" width="1" height="1">b</p>',
      '<p>ab</p>',
    ],
    ['an SVG data: image', '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">', ''],
    ['a data: URL that is not an image', '<img src="data:text/html;base64,PHNjcmlwdD4=">', ''],
    ['a relative image', '<img src="x" onerror="steal()">', ''],
    ['a script', '<p>a</p><script>steal()</script><p>b</p>', '<p>a</p><p>b</p>'],
    ['a style element', '<style>body { display: none }</style><p>a</p>', '<p>a</p>'],
    ['an iframe', '<iframe src="https://steal.example"></iframe><p>a</p>', '<p>a</p>'],
    ['an object and embed', '<object data="x.swf"></object><embed src="x.swf"><p>a</p>', '<p>a</p>'],
    ['a form, keeping its text', '<form action="https://steal.example"><input name="pin">Pincode</form>', 'Pincode'],
    ['event handlers', '<p onclick="steal()" onmouseover="steal()">a</p><body onload="steal()">', '<p>a</p>'],
    ['SVG with script', '<svg onload="steal()"><script>steal()</script></svg><p>a</p>', '<p>a</p>'],
    ['id, class and name', '<div id="app" class="x" name="y">a</div>', '<div>a</div>'],
    [
      'styles other than plain presentation',
      '<p style="color: #c00; position: fixed; top: 0; background: url(https://t.example/x.gif); font-weight: bold">a</p>',
      '<p style="color:#c00;font-weight:bold">a</p>',
    ],
    ['a style value with url()', '<p style="background-color: url(https://t.example/x.gif)">a</p>', '<p>a</p>'],
    [
      'a background attribute',
      '<table><tr><td background="https://t.example/bg.png">a</td></tr></table>',
      '<table><tr><td>a</td></tr></table>',
    ],
    [
      'Outlook font tags',
      '<font face="Calibri" color="#1F497D" size="2">a</font>',
      '<font face="Calibri" color="#1F497D" size="2">a</font>',
    ],
  ])('handles %s', (_, html, expected) => {
    expect(sanitizeMailHtml(html)).toBe(expected)
  })
})

describe('htmlToText', () => {
  it.each([
    ['<br> as a line break', 'een<br>twee<br/>drie', 'een\ntwee\ndrie'],
    ['paragraphs with an empty line between them', '<p>een</p><p>twee</p>', 'een\n\ntwee'],
    ['divs as lines', '<div>een</div><div>twee</div><div><br></div><div>drie</div>', 'een\ntwee\n\ndrie'],
    [
      'source whitespace between blocks as nothing',
      '<div>een</div>\n  <div>twee</div>\n<p>drie</p>\n\n<p>vier</p>',
      'een\ntwee\ndrie\n\nvier',
    ],
    [
      'list items',
      '<ul><li>een</li><li>twee</li></ul><ol><li>eerst</li><li>dan</li></ol>',
      '- een\n- twee\n1. eerst\n2. dan',
    ],
    ['nested lists', '<ul><li>a<ul><li>a1</li></ul></li><li>b</li></ul>', '- a\n  - a1\n- b'],
    ['source line breaks as spaces', '<p>een\n  lange\tregel</p>', 'een lange regel'],
    ['pre as it is', '<pre>  a\n    b</pre>', '  a\n    b'],
    [
      'table rows as lines, cells tab separated',
      '<table><tr><th>Job</th><th>Status</th></tr><tr><td>NAS</td><td>Failed</td></tr></table>',
      'Job\tStatus\nNAS\tFailed',
    ],
    ['entities', '<p>Caf&eacute; &amp; co &lt;b&gt; &quot;x&quot; &#39;y&#39;&nbsp;z</p>', 'Café & co <b> "x" \'y\' z'],
    [
      'links with their address',
      '<a href="https://klant.example/x">de pagina</a>',
      'de pagina <https://klant.example/x>',
    ],
    [
      'links that show their address once',
      '<a href="https://klant.example">https://klant.example</a> <a href="mailto:a@b.nl">a@b.nl</a>',
      'https://klant.example a@b.nl',
    ],
    [
      'no script, style or title',
      '<html><head><title>T</title><style>p{}</style></head><body><script>x()</script><p>a</p></body></html>',
      'a',
    ],
    [
      'blockquote as "> " quoting',
      '<div>Prima.</div><div>Op ma 2 nov 2026 schreef Jan:</div><blockquote><div>vraag</div><div>regel</div></blockquote>',
      'Prima.\nOp ma 2 nov 2026 schreef Jan:\n\n> vraag\n> regel',
    ],
    [
      'empty Outlook paragraphs as one empty line',
      '<p>Hoi,</p><p>&nbsp;</p><p>&nbsp;</p><p>Tekst</p>',
      'Hoi,\n\nTekst',
    ],
  ])('keeps %s', (_, html, expected) => {
    expect(htmlToText(html)).toBe(expected)
  })
})

describe('foldQuotedText', () => {
  it('folds English "On … wrote:" with "> " quotes', () => {
    expect(
      foldQuotedText(
        'Thanks, that works.\n\nOn Mon, Nov 2, 2026 at 9:14 AM Jan Jansen <jan@example.nl> wrote:\n> Can you check the backup?\n>\n> Jan\n',
      ),
    ).toEqual({
      visible: 'Thanks, that works.',
      quoted:
        'On Mon, Nov 2, 2026 at 9:14 AM Jan Jansen <jan@example.nl> wrote:\n> Can you check the backup?\n>\n> Jan',
      signature: null,
    })
  })

  it('folds Dutch Gmail "Op … schreef …:", also when Gmail wrapped the header line', () => {
    const folded = foldQuotedText(
      'Dank je, het werkt weer.\n\nOp ma 2 nov 2026 om 09:14 schreef Jan Jansen van der Berg <\njan.jansen@example.nl>:\n\n> Kun je de back-up controleren?\n',
    )
    expect(folded).toEqual({
      visible: 'Dank je, het werkt weer.',
      quoted:
        'Op ma 2 nov 2026 om 09:14 schreef Jan Jansen van der Berg <\njan.jansen@example.nl>:\n\n> Kun je de back-up controleren?',
      signature: null,
    })
  })

  it('keeps a Dutch body that starts with "Op" and mentions "schreef" intact (email-reply-parser would glue it into one hidden line)', () => {
    const body =
      'Op de server staat nog een oude back-up.\nKun je kijken? Mijn collega schreef dit:\nfout 0x80070005\n\nGroet, Piet'
    expect(foldQuotedText(`${body}\n\nOp di 3 nov. 2026 om 10:00 schreef Jan <jan@example.nl>:\n> vraag\n`)).toEqual({
      visible: body,
      quoted: 'Op di 3 nov. 2026 om 10:00 schreef Jan <jan@example.nl>:\n> vraag',
      signature: null,
    })
    expect(foldQuotedText(body)).toEqual({ visible: body, quoted: null, signature: null })
  })

  it('folds Apple Mail in Dutch ("Op … heeft … het volgende geschreven:") and its "Verstuurd vanaf mijn iPhone"', () => {
    expect(
      foldQuotedText(
        'Komt goed.\n\nVerstuurd vanaf mijn iPhone\n\n> Op 2 nov. 2026 om 09:14 heeft Jan <jan@example.nl> het volgende geschreven:\n> \n> vraag\n',
      ),
    ).toEqual({
      visible: 'Komt goed.',
      quoted: '> Op 2 nov. 2026 om 09:14 heeft Jan <jan@example.nl> het volgende geschreven:\n>\n> vraag',
      signature: 'Verstuurd vanaf mijn iPhone',
    })
    expect(
      foldQuotedText(
        'Prima.\n\nOp 2 nov. 2026, om 09:14 heeft Jan <jan@example.nl> het volgende geschreven:\n\n> vraag\n',
      ),
    ).toEqual({
      visible: 'Prima.',
      quoted: 'Op 2 nov. 2026, om 09:14 heeft Jan <jan@example.nl> het volgende geschreven:\n\n> vraag',
      signature: null,
    })
  })

  it('folds Outlook history under "Van: / Verzonden: / Aan:", everything below it, also without addresses', () => {
    const history = [
      '________________________________',
      'Van: Helpdesk <helpdesk@msp.example>',
      'Verzonden: dinsdag 3 november 2026 10:00',
      'Aan: Piet Puk <piet@puk.example>',
      'Onderwerp: RE: Printer',
      '',
      'Beste Piet,',
      '',
      '-- ',
      'Helpdesk',
      '',
      'Van: Piet',
      'Verzonden: maandag',
      'Aan: helpdesk',
      'Onderwerp: Printer',
      '',
      'kapot',
    ].join('\n')
    expect(
      foldQuotedText(`Hoi,\n\nDe printer doet het weer niet.\n\nMet vriendelijke groet,\nPiet Puk\n\n${history}\n`),
    ).toEqual({
      visible: 'Hoi,\n\nDe printer doet het weer niet.\n\nMet vriendelijke groet,\nPiet Puk',
      quoted: history,
      signature: null,
    })
  })

  it.each([
    [
      '-----Original Message-----',
      'From: Jan <jan@example.nl>\nSent: Monday, November 2, 2026 9:14 AM\nTo: helpdesk@msp.example\nSubject: Backup',
    ],
    [
      '-----Oorspronkelijk bericht-----',
      'Van: Jan\nVerzonden: maandag 2 november 2026 09:14\nAan: helpdesk@msp.example\nOnderwerp: Backup',
    ],
  ])('folds Outlook history under %s', (separator, headers) => {
    expect(foldQuotedText(`Zie hieronder.\n\n${separator}\n${headers}\n\nDe back-up is mislukt.\n`)).toEqual({
      visible: 'Zie hieronder.',
      quoted: `${separator}\n${headers}\n\nDe back-up is mislukt.`,
      signature: null,
    })
  })

  it('folds bold header labels of Outlook history that was converted from HTML', () => {
    expect(foldQuotedText('Nog steeds kapot.\n\n*Van:* Helpdesk\n*Verzonden:* maandag\n*Aan:* Piet\n\noud')).toEqual({
      visible: 'Nog steeds kapot.',
      quoted: '*Van:* Helpdesk\n*Verzonden:* maandag\n*Aan:* Piet\n\noud',
      signature: null,
    })
  })

  it('splits off a "-- " signature', () => {
    expect(foldQuotedText('Server staat uit.\n\n-- \nPiet Puk\nBakkerij Puk\n')).toEqual({
      visible: 'Server staat uit.',
      quoted: null,
      signature: '-- \nPiet Puk\nBakkerij Puk',
    })
  })

  it('keeps answers between quotes visible', () => {
    expect(
      foldQuotedText(
        'On Mon, Nov 2, 2026 at 9:14 AM Jan <jan@example.nl> wrote:\n> Is the server on?\n\nYes.\n\n> And the UPS?\n\nAlso yes.\n\n-- \nPiet\n',
      ),
    ).toEqual({
      visible: 'Yes.\nAlso yes.',
      quoted: 'On Mon, Nov 2, 2026 at 9:14 AM Jan <jan@example.nl> wrote:\n> Is the server on?\n> And the UPS?',
      signature: '-- \nPiet',
    })
  })

  it('keeps a forwarded mail visible: it is what the sender wants read', () => {
    const text =
      'Zie de melding hieronder.\n\n---------- Forwarded message ---------\nVan: Veeam <veeam@klant.example>\nDate: ma 2 nov 2026 om 03:00\nSubject: Backup failed\nTo: <piet@klant.example>\n\nJob Server1 failed.'
    expect(foldQuotedText(text)).toEqual({ visible: text, quoted: null, signature: null })
  })

  it('does not take a sentence starting with "On" for a header', () => {
    const text = 'On Monday the backup wrote:\nerror 5\n\nCan you look?'
    expect(foldQuotedText(text)).toEqual({ visible: text, quoted: null, signature: null })
  })

  it('reads CRLF text like LF text', () => {
    const text = 'Dank je.\r\n\r\nOp ma 2 nov 2026 om 09:14 schreef Jan <jan@example.nl>:\r\n> vraag\r\n'
    expect(foldQuotedText(text)).toEqual(foldQuotedText(text.replace(/\r\n/g, '\n')))
    expect(foldQuotedText(text).visible).toBe('Dank je.')
  })
})
