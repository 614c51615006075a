// Full-text search of the documentation portal on 100,000 generated documents (Dutch and English), through the HTTP
// API: p50/p95/p99 of GET /api/docs?q=… as an anonymous reader and as a signed-in portal contact, against the
// same queries as a plain LIKE '%word%' scan straight on the database, in the same run on the same data. SQLite
// always; PostgreSQL too when TEST_DATABASE_URL is set (a fresh database, dropped at the end).
//
// The documents are generated from a seeded generator: titles of 3–8 words, bodies of 150–600 words of IT
// vocabulary with its inflections (printer/printers, installeren/installeer/geïnstalleerd), product names, filler
// words, error codes and a long tail of rare words; mostly public or for customers, some for specific customers or
// internal, a tenth drafts. They are written with the docs repository (the row, then repo.index), not through the
// API: the Markdown renderer is skipped, the bodies being plain paragraphs.
//
// The app runs in this process (buildApp, listening on 127.0.0.1:0); requests go one at a time over real HTTP.
// SQLite is searched as the app leaves it (it never runs ANALYZE); PostgreSQL is analysed after the load, as
// autovacuum would do within a minute.
//
//   npx tsx bench/docs-search.ts                                   100,000 documents
//   BENCH_DOCS=20000 npx tsx bench/docs-search.ts                  a quicker run
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/docs-search.ts   PostgreSQL too
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Presets, SingleBar } from 'cli-progress'
import { sql } from 'kysely'
import pg from 'pg'
import { buildApp, type Sladesk } from '../src/app.js'
import type { Db, Executor } from '../src/db/database.js'
import * as repo from '../src/modules/docs/repo.js'
import type { DocPage } from '../src/modules/docs/schema.js'
import { slugOf } from '../src/modules/docs/text.js'
import { hashPassword } from '../src/platform/auth/passwords.js'
import { loadConfig } from '../src/platform/config.js'
import {
  databases,
  dropDatabases,
  fmt,
  random,
  row,
  runBench,
  type Session,
  signIn,
  tempDirs,
  verdict,
} from './support.js'

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000)
const CUSTOMERS = 200
const SEED = 20261201
const BATCH = 1000
const WARMUP_QUERIES = 40
const TARGET_P95_MS = 30
const PG_URL = process.env.TEST_DATABASE_URL
/** 1 December 2026: documents were written in the two years before. */
const NOW = Date.parse('2026-12-01T09:00:00Z')
const CONTACT = { email: 'portal@bench.example', password: 'bench-password-123' }

type Lang = 'nl' | 'en'
type Next = () => number

// The vocabulary ----------------------------------------------------------------------------------------------

/** Nouns of the trade, singular then plural, the most common first. */
const NOUNS: Record<Lang, string[][]> = {
  nl: [
    ['printer', 'printers'],
    ['wachtwoord', 'wachtwoorden'],
    ['netwerk', 'netwerken'],
    ['gebruiker', 'gebruikers'],
    ['server', 'servers'],
    ['verbinding', 'verbindingen'],
    ['back-up', 'back-ups'],
    ['laptop', 'laptops'],
    ['account', 'accounts'],
    ['bestand', 'bestanden'],
    ['map', 'mappen'],
    ['instelling', 'instellingen'],
    ['storing', 'storingen'],
    ['melding', 'meldingen'],
    ['switch', 'switches'],
    ['router', 'routers'],
    ['schijf', 'schijven'],
    ['licentie', 'licenties'],
    ['apparaat', 'apparaten'],
    ['update', 'updates'],
    ['firewall', 'firewalls'],
    ['mailbox', 'mailboxen'],
    ['certificaat', 'certificaten'],
    ['scherm', 'schermen'],
    ['toetsenbord', 'toetsenborden'],
    ['kabel', 'kabels'],
    ['poort', 'poorten'],
    ['werkplek', 'werkplekken'],
    ['telefoon', 'telefoons'],
    ['stuurprogramma', 'stuurprogramma’s'],
    ['toegang', 'toegangsrechten'],
    ['agenda', 'agenda’s'],
    ['handtekening', 'handtekeningen'],
    ['rechten', 'rechten'],
    ['groep', 'groepen'],
    ['beveiliging', 'beveiligingen'],
    ['foutmelding', 'foutmeldingen'],
    ['schijfruimte', 'schijfruimte'],
    ['accesspoint', 'accesspoints'],
    ['domein', 'domeinen'],
  ],
  en: [
    ['printer', 'printers'],
    ['password', 'passwords'],
    ['network', 'networks'],
    ['user', 'users'],
    ['server', 'servers'],
    ['connection', 'connections'],
    ['backup', 'backups'],
    ['laptop', 'laptops'],
    ['account', 'accounts'],
    ['file', 'files'],
    ['folder', 'folders'],
    ['setting', 'settings'],
    ['outage', 'outages'],
    ['error', 'errors'],
    ['switch', 'switches'],
    ['router', 'routers'],
    ['drive', 'drives'],
    ['licence', 'licences'],
    ['device', 'devices'],
    ['update', 'updates'],
    ['firewall', 'firewalls'],
    ['mailbox', 'mailboxes'],
    ['certificate', 'certificates'],
    ['screen', 'screens'],
    ['keyboard', 'keyboards'],
    ['cable', 'cables'],
    ['port', 'ports'],
    ['workstation', 'workstations'],
    ['phone', 'phones'],
    ['driver', 'drivers'],
    ['permission', 'permissions'],
    ['calendar', 'calendars'],
    ['signature', 'signatures'],
    ['policy', 'policies'],
    ['group', 'groups'],
    ['share', 'shares'],
    ['warning', 'warnings'],
    ['quota', 'quotas'],
    ['access point', 'access points'],
    ['domain', 'domains'],
  ],
}

/** Verbs: the infinitive first, the participle at PARTICIPLE[lang]. */
const VERBS: Record<Lang, string[][]> = {
  nl: [
    ['installeren', 'installeer', 'installeert', 'geïnstalleerd', 'installeerde', 'installatie'],
    ['instellen', 'stel', 'stelt', 'ingesteld', 'stelde', 'instelling'],
    ['configureren', 'configureer', 'configureert', 'geconfigureerd', 'configureerde', 'configuratie'],
    ['herstarten', 'herstart', 'herstart', 'herstart', 'herstartte', 'herstart'],
    ['aanmelden', 'meld', 'meldt', 'aangemeld', 'meldde', 'aanmelding'],
    ['verwijderen', 'verwijder', 'verwijdert', 'verwijderd', 'verwijderde', 'verwijdering'],
    ['controleren', 'controleer', 'controleert', 'gecontroleerd', 'controleerde', 'controle'],
    ['vervangen', 'vervang', 'vervangt', 'vervangen', 'verving', 'vervanging'],
    ['koppelen', 'koppel', 'koppelt', 'gekoppeld', 'koppelde', 'koppeling'],
    ['resetten', 'reset', 'reset', 'gereset', 'resette', 'reset'],
    ['bijwerken', 'werk', 'werkt', 'bijgewerkt', 'werkte', 'update'],
    ['printen', 'print', 'print', 'geprint', 'printte', 'afdruk'],
    ['openen', 'open', 'opent', 'geopend', 'opende', 'opening'],
    ['opslaan', 'sla', 'slaat', 'opgeslagen', 'sloeg', 'opslag'],
    ['terugzetten', 'zet', 'zet', 'teruggezet', 'zette', 'herstel'],
    ['wijzigen', 'wijzig', 'wijzigt', 'gewijzigd', 'wijzigde', 'wijziging'],
    ['delen', 'deel', 'deelt', 'gedeeld', 'deelde', 'deling'],
    ['synchroniseren', 'synchroniseer', 'synchroniseert', 'gesynchroniseerd', 'synchroniseerde', 'synchronisatie'],
    ['blokkeren', 'blokkeer', 'blokkeert', 'geblokkeerd', 'blokkeerde', 'blokkade'],
    ['verbinden', 'verbind', 'verbindt', 'verbonden', 'verbond', 'verbinding'],
  ],
  en: [
    ['install', 'installs', 'installing', 'installed', 'installed', 'installation'],
    ['set', 'sets', 'setting', 'set', 'set', 'setup'],
    ['configure', 'configures', 'configuring', 'configured', 'configured', 'configuration'],
    ['restart', 'restarts', 'restarting', 'restarted', 'restarted', 'reboot'],
    ['sign', 'signs', 'signing', 'signed', 'signed', 'login'],
    ['remove', 'removes', 'removing', 'removed', 'removed', 'removal'],
    ['check', 'checks', 'checking', 'checked', 'checked', 'check'],
    ['replace', 'replaces', 'replacing', 'replaced', 'replaced', 'replacement'],
    ['connect', 'connects', 'connecting', 'connected', 'connected', 'connection'],
    ['reset', 'resets', 'resetting', 'reset', 'reset', 'reset'],
    ['update', 'updates', 'updating', 'updated', 'updated', 'upgrade'],
    ['print', 'prints', 'printing', 'printed', 'printed', 'printout'],
    ['open', 'opens', 'opening', 'opened', 'opened', 'opening'],
    ['save', 'saves', 'saving', 'saved', 'saved', 'storage'],
    ['restore', 'restores', 'restoring', 'restored', 'restored', 'restoration'],
    ['change', 'changes', 'changing', 'changed', 'changed', 'change'],
    ['share', 'shares', 'sharing', 'shared', 'shared', 'share'],
    ['synchronise', 'synchronises', 'synchronising', 'synchronised', 'synchronised', 'sync'],
    ['block', 'blocks', 'blocking', 'blocked', 'blocked', 'block'],
    ['map', 'maps', 'mapping', 'mapped', 'mapped', 'mapping'],
  ],
}
const PARTICIPLE: Record<Lang, number> = { nl: 3, en: 3 }

/** Software and brands: the same in both languages. */
const PRODUCTS = [
  'Outlook',
  'Windows 11',
  'VPN',
  'Teams',
  'OneDrive',
  'SharePoint',
  'Exchange',
  'Microsoft 365',
  'WireGuard',
  'FortiGate',
  'Synology',
  'NAS',
  'Veeam',
  'Wi-Fi',
  'UniFi',
  'HP LaserJet',
  'Brother',
  'Ricoh',
  'Kyocera',
  'MFA',
  'Authenticator',
  'BitLocker',
  'Intune',
  'Azure',
  'DNS',
  'DHCP',
  'VLAN',
  'RDP',
  'Citrix',
  'Acrobat',
  'Chrome',
  'Edge',
  'Firefox',
  'iPhone',
  'Android',
  'macOS',
  'Ubuntu',
  'PowerShell',
  'Excel',
  'Word',
  'restic',
  'Sophos',
  'ESET',
  'Defender',
  'TeamViewer',
]

/** Words every text has, the most common first. */
const FILLER: Record<Lang, string[]> = {
  nl: (
    'de het een en van in op te dat die is je niet met voor als er aan bij om of ook dan kan naar wordt door uit ' +
    'nog zijn moet deze wel daarna eerst staat klik kies ga via onder boven rechts links menu knop venster nieuwe ' +
    'alle geen meer zo hier daar wanneer waar hoe wat wij u jouw uw onze bijvoorbeeld altijd soms meestal even ' +
    'kantoor medewerker collega locatie verdieping tijdens ochtend dag week maand probleem oplossing stap stappen ' +
    'voorbeeld handleiding vraag antwoord servicedesk ticket klant beheerder tabblad optie venster lijst overzicht ' +
    'naam adres nummer versie scherm onderaan bovenaan tweede eerste laatste volgende vorige zelf samen direct ' +
    'weer omdat zodat terwijl nadat voordat binnen buiten zonder tegen sinds tot per welke iemand niemand iets ' +
    'niets veel weinig snel langzaam goed fout juist handig belangrijk let gebruik werkt geeft krijgt ziet vindt'
  ).split(' '),
  en: (
    'the a to of and in is you that it for on with as this be are not or can then click select go from by your ' +
    'if when first after before under menu button window new all no more so here there where how what we our ' +
    'for example always sometimes usually just office employee colleague location floor during morning day week ' +
    'month problem solution step steps example guide question answer service desk ticket customer administrator ' +
    'tab option list overview name address number version screen bottom top second first last next previous ' +
    'yourself together directly again because so that while once before inside outside without against since ' +
    'until per which someone nobody something nothing many few quickly slowly good wrong right useful important ' +
    'note use works gives gets sees finds make sure also only each other both should must will would may'
  ).split(' '),
}

/** Dutch compounds of the trade: a rarer word each. */
const COMPOUND_HEADS = [
  'printer',
  'netwerk',
  'wachtwoord',
  'mail',
  'server',
  'schijf',
  'gebruikers',
  'beheer',
  'firewall',
  'licentie',
  'toegangs',
  'beveiligings',
  'systeem',
  'kantoor',
  'werkplek',
  'telefoon',
  'scherm',
  'update',
  'account',
  'agenda',
]
const COMPOUND_TAILS = [
  'beheer',
  'beleid',
  'instellingen',
  'lade',
  'kabel',
  'rechten',
  'storing',
  'melding',
  'map',
  'groep',
  'poort',
  'wachtrij',
  'configuratie',
  'pagina',
  'profiel',
  'sleutel',
  'certificaat',
  'regel',
  'lijst',
  'overzicht',
]

/** The long tail: compounds, made-up words (names, jargon) and codes (KB numbers, error codes, models). */
function tailWords(next: Next): string[] {
  const out = new Set<string>()
  for (const h of COMPOUND_HEADS) {
    for (const t of COMPOUND_TAILS) {
      out.add(h + t)
    }
  }
  const onsets = ['b', 'br', 'd', 'dr', 'f', 'g', 'gr', 'h', 'k', 'kl', 'kr', 'l', 'm', 'n', 'p', 'pl', 'r', 's']
  onsets.push('sch', 'sl', 'st', 't', 'tr', 'v', 'w', 'z', 'j', 'sp')
  const vowels = ['a', 'e', 'i', 'o', 'u', 'aa', 'ee', 'oo', 'ie', 'oe', 'ij', 'ou', 'ui', 'ei', 'y']
  const codas = ['', '', 'n', 'r', 's', 't', 'l', 'k', 'm', 'nd', 'rt', 'st', 'x', 'ng']
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!
  while (out.size < 26_000) {
    let w = ''
    const syllables = next() < 0.7 ? 2 : 3
    for (let s = 0; s < syllables; s++) {
      w += pick(onsets) + pick(vowels) + pick(codas)
    }
    out.add(w)
  }
  const hex = (n: number) =>
    Math.floor(next() * 16 ** n)
      .toString(16)
      .padStart(n, '0')
  for (let i = 0; i < 400; i++) {
    out.add(`kb50${String(Math.floor(next() * 100_000)).padStart(5, '0')}`)
    out.add(`0x8007${hex(4)}`)
    out.add(
      `${pick(['m', 'mfc', 'dcp', 'im', 'ecosys', 'tl'])}${100 + Math.floor(next() * 9000)}${pick(['', 'dn', 'dw', 'cdw', 'x'])}`,
    )
  }
  return shuffle([...out], next)
}

function shuffle<T>(xs: T[], next: Next): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[xs[i], xs[j]] = [xs[j]!, xs[i]!]
  }
  return xs
}

/** Picks items with Zipf's law: the item of rank r with weight 1 / r^s. */
class Zipf<T> {
  private readonly cumulative: Float64Array
  constructor(
    readonly items: readonly T[],
    s: number,
  ) {
    this.cumulative = new Float64Array(items.length)
    let sum = 0
    for (let r = 0; r < items.length; r++) {
      sum += 1 / (r + 1) ** s
      this.cumulative[r] = sum
    }
  }
  pick(next: Next): T {
    const x = next() * this.cumulative[this.cumulative.length - 1]!
    let lo = 0
    let hi = this.cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.cumulative[mid]! < x) {
        lo = mid + 1
      } else {
        hi = mid
      }
    }
    return this.items[lo]!
  }
}

// The documents ---------------------------------------------------------------------------------------------

interface Vocabulary {
  filler: Record<Lang, Zipf<string>>
  nouns: Record<Lang, Zipf<string[]>>
  verbs: Record<Lang, Zipf<string[]>>
  products: Zipf<string>
  tail: Zipf<string>
}

function vocabulary(next: Next): Vocabulary {
  return {
    filler: { nl: new Zipf(FILLER.nl, 1), en: new Zipf(FILLER.en, 1) },
    nouns: { nl: new Zipf(NOUNS.nl, 0.8), en: new Zipf(NOUNS.en, 0.8) },
    verbs: { nl: new Zipf(VERBS.nl, 0.8), en: new Zipf(VERBS.en, 0.8) },
    products: new Zipf(PRODUCTS, 0.7),
    tail: new Zipf(tailWords(next), 1.05),
  }
}

/** What a document is about: its words come back in its title and throughout its text. */
interface Topic {
  noun: string[]
  other: string[]
  verb: string[]
  product: string
}

const form = (forms: readonly string[], next: Next) =>
  // The first form (singular, infinitive) is the most common.
  forms[next() < 0.5 ? 0 : Math.floor(next() * forms.length)]!

function title(lang: Lang, t: Topic, next: Next): string {
  const noun = t.noun[0]!
  const verb = t.verb[0]!
  const done = t.verb[PARTICIPLE[lang]]!
  const templates: Record<Lang, string[]> = {
    nl: [
      `${noun} ${verb} op ${t.product}`,
      `${t.product}: ${noun} ${verb}`,
      `${noun} ${verb} voor nieuwe medewerkers`,
      `${t.noun[1]} ${verb} na een update`,
      `${t.product} ${noun} wordt niet ${done}`,
      `Storing met ${noun} en ${t.other[0]}`,
      `Hoe ${noun} ${verb} met ${t.product}`,
      `${t.other[1]} ${verb} zonder beheerdersrechten`,
    ],
    en: [
      `How to ${verb} the ${noun} in ${t.product}`,
      `${t.product}: ${verb} ${t.noun[1]}`,
      `${noun} not ${done} after update`,
      `${verb} ${noun} for new employees`,
      `${t.product} ${noun} cannot be ${done}`,
      `Problem with ${noun} and ${t.other[0]}`,
      `${verb} ${t.other[1]} without admin rights`,
      `${t.product} ${noun} ${done} on ${t.other[0]}`,
    ],
  }
  const words = templates[lang][Math.floor(next() * templates[lang].length)]!.split(' ')
  // 3–8 words: a product of two words may make a template longer.
  const text = words.slice(0, 8).join(' ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function sentence(lang: Lang, t: Topic, v: Vocabulary, next: Next): string {
  const n = 6 + Math.floor(next() * 13)
  const words: string[] = []
  for (let i = 0; i < n; i++) {
    const r = next()
    // Most words are common ones; the document's own topic comes back often, the rest of the trade now and then.
    if (r < 0.7) {
      words.push(v.filler[lang].pick(next))
    } else if (r < 0.88) {
      const which = next()
      words.push(
        which < 0.4
          ? form(t.noun, next)
          : which < 0.65
            ? form(t.verb, next)
            : which < 0.85
              ? t.product
              : form(t.other, next),
      )
    } else if (r < 0.9) {
      words.push(form(next() < 0.6 ? v.nouns[lang].pick(next) : v.verbs[lang].pick(next), next))
    } else if (r < 0.91) {
      words.push(v.products.pick(next))
    } else if (r < 0.99) {
      words.push(v.tail.pick(next))
    } else {
      words.push(String(Math.floor(next() * 2000)))
    }
    if (next() < 0.06 && i < n - 1) {
      words[words.length - 1] += ','
    }
  }
  const text = words.join(' ')
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`
}

/** Plain paragraphs of 150–600 words (shorter ones more often). */
function body(lang: Lang, t: Topic, v: Vocabulary, next: Next): string {
  const target = 150 + Math.floor(next() ** 1.4 * 450)
  const paragraphs: string[] = []
  let count = 0
  while (count < target) {
    const sentences: string[] = []
    const k = 2 + Math.floor(next() * 5)
    for (let s = 0; s < k && count < target; s++) {
      const line = sentence(lang, t, v, next)
      count += line.split(' ').length
      sentences.push(line)
    }
    paragraphs.push(sentences.join(' '))
  }
  return paragraphs.join('\n\n')
}

const docId = (i: number) => `01900000-0000-7000-8000-${i.toString(16).padStart(12, '0')}`
const customerId = (i: number) => `01900000-0000-7000-9000-${i.toString(16).padStart(12, '0')}`
const KINDS = ['manual', 'technical-note', 'example']

function makeDoc(i: number, v: Vocabulary, next: Next): { row: repo.DocRow; customers: string[] } {
  const lang: Lang = next() < 0.6 ? 'nl' : 'en'
  const topic: Topic = {
    noun: v.nouns[lang].pick(next),
    other: v.nouns[lang].pick(next),
    verb: v.verbs[lang].pick(next),
    product: v.products.pick(next),
  }
  const r = next()
  const visibility = r < 0.55 ? 'public' : r < 0.88 ? 'customers' : r < 0.95 ? 'specific' : 'internal'
  const status = next() < 0.9 ? 'published' : 'draft'
  const heading = title(lang, topic, next)
  const text = body(lang, topic, v, next)
  const at = NOW - Math.floor(next() * 730 * 86_400_000)
  const customers =
    visibility === 'specific'
      ? [
          ...new Set(
            Array.from({ length: 1 + Math.floor(next() * 3) }, () =>
              customerId(next() < 0.1 ? 0 : Math.floor(next() * CUSTOMERS)),
            ),
          ),
        ]
      : []
  return {
    row: {
      id: docId(i),
      search_id: i + 1,
      slug: `${slugOf(heading)}-${i + 1}`,
      title: heading,
      body: text,
      body_text: text,
      kind: KINDS[i % KINDS.length]!,
      language: lang,
      visibility,
      status,
      product_id: null,
      category: next() < 0.5 ? null : topic.product,
      tags: JSON.stringify(next() < 0.7 ? [] : [slugOf(topic.noun[0]!)]),
      translation_group: docId(i),
      owner_id: null,
      reviewed_on: null,
      review_due: null,
      revision: 1,
      helpful_yes: 0,
      helpful_no: 0,
      created_at: at,
      updated_at: at,
      published_at: status === 'published' ? at : null,
    },
    customers,
  }
}

/** The customers, one with a portal account (CONTACT), for the documents of specific customers. */
async function people(db: Db): Promise<void> {
  const created = NOW - 800 * 86_400_000
  for (let c = 0; c < CUSTOMERS; c += 100) {
    await db
      .insertInto('customers')
      .values(
        Array.from({ length: Math.min(100, CUSTOMERS - c) }, (_, k) => ({
          id: customerId(c + k),
          name: `Klant ${c + k + 1}`,
          name_key: `klant ${c + k + 1}`,
          email: null,
          phone: null,
          address: null,
          postal_code: null,
          city: null,
          country: 'NL',
          vat_number: null,
          technician_id: null,
          notes: null,
          created_at: created,
          updated_at: created,
          archived_at: null,
        })),
      )
      .execute()
  }
  const userId = '01900000-0000-7000-a000-000000000001'
  const contactId = '01900000-0000-7000-b000-000000000001'
  await db
    .insertInto('users')
    .values({
      id: userId,
      email: CONTACT.email,
      name: 'Anna de Vries',
      password_hash: await hashPassword(CONTACT.password),
      role: 'contact',
      customer_id: customerId(0),
      contact_id: contactId,
      locale: 'nl',
      totp_secret: null,
      totp_enabled_at: null,
      totp_last_step: null,
      active: 1,
      created_at: created,
      updated_at: created,
      last_login_at: null,
      work_hours: null,
    })
    .execute()
  await db
    .insertInto('contacts')
    .values({
      id: contactId,
      customer_id: customerId(0),
      name: 'Anna de Vries',
      email: CONTACT.email,
      phone: null,
      is_key_contact: 1,
      user_id: userId,
      invited_at: null,
      created_at: created,
      updated_at: created,
      archived_at: null,
    })
    .execute()
}

async function insertBatch(trx: Executor, docs: { row: repo.DocRow; customers: string[] }[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 200) {
    await trx
      .insertInto('docs')
      .values(docs.slice(i, i + 200).map((d) => d.row))
      .execute()
  }
  const links = docs.flatMap((d) => d.customers.map((customer_id) => ({ doc_id: d.row.id, customer_id })))
  if (links.length > 0) {
    await trx.insertInto('doc_customers').values(links).execute()
  }
  for (const d of docs) {
    await repo.index(trx, d.row)
  }
}

/** DOCS documents in transactions of BATCH, with a progress bar; the vocabulary for the queries. */
async function seed(db: Db, label: string): Promise<{ ms: number; vocabulary: Vocabulary }> {
  const next = random(SEED)
  const v = vocabulary(next)
  await people(db)
  const bar = new SingleBar(
    { format: `${label} documents [{bar}] {percentage}% | {value}/{total} | {duration}s`, hideCursor: true },
    Presets.shades_classic,
  )
  const t0 = performance.now()
  bar.start(DOCS, 0)
  for (let i = 0; i < DOCS; i += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, DOCS - i) }, (_, k) => makeDoc(i + k, v, next))
    await db.transaction().execute((trx) => insertBatch(trx, docs))
    bar.update(i + docs.length)
  }
  bar.stop()
  return { ms: performance.now() - t0, vocabulary: v }
}

// The queries -----------------------------------------------------------------------------------------------

type QueryKind = 'frequent' | 'inflected' | 'two words' | 'three words' | 'rare' | 'typo' | 'prefix'
interface Query {
  q: string
  kind: QueryKind
}

/** One letter left out, added, changed, or two neighbours swapped, not at the first letter; never the word itself. */
function typo(word: string, next: Next): string {
  const i = 1 + Math.floor(next() * (word.length - 2))
  const letter = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(next() * 26)]!
  const edits = [
    () => word.slice(0, i) + word.slice(i + 1),
    () => word.slice(0, i) + letter + word.slice(i),
    () => word.slice(0, i) + letter + word.slice(i + 1),
    () => word.slice(0, i) + word[i + 1]! + word[i]! + word.slice(i + 2),
  ]
  const out = edits[Math.floor(next() * edits.length)]!()
  return out === word ? typo(word, next) : out
}

/** 220 queries of one to three words; `seed` gives another set of the same make (the warm-up). */
function queries(v: Vocabulary, seed: number): Query[] {
  const next = random(seed)
  const langs: Lang[] = ['nl', 'en']
  const lang = () => langs[next() < 0.6 ? 0 : 1]!
  const lower = (s: string) => s.toLowerCase()
  const out: Query[] = []
  const add = (kind: QueryKind, count: number, make: () => string) => {
    for (let i = 0; i < count; i++) {
      out.push({ q: make(), kind })
    }
  }
  add('frequent', 40, () => {
    const l = lang()
    return next() < 0.6
      ? v.nouns[l].pick(next)[0]!
      : next() < 0.5
        ? lower(v.products.pick(next))
        : v.verbs[l].pick(next)[0]!
  })
  add('inflected', 40, () => {
    const l = lang()
    const forms = next() < 0.5 ? v.nouns[l].pick(next) : v.verbs[l].pick(next)
    return forms[1 + Math.floor(next() * (forms.length - 1))]!
  })
  add('two words', 50, () => {
    const l = lang()
    return next() < 0.6
      ? `${v.nouns[l].pick(next)[0]} ${v.verbs[l].pick(next)[0]}`
      : `${lower(v.products.pick(next))} ${form(v.nouns[l].pick(next), next)}`
  })
  add('three words', 25, () => {
    const l = lang()
    return `${lower(v.products.pick(next))} ${v.nouns[l].pick(next)[0]} ${form(v.verbs[l].pick(next), next)}`
  })
  // Rare: words of the tail found in a few to a few hundred documents.
  add('rare', 30, () => v.tail.items[200 + Math.floor(next() * 20_000)]!)
  add('typo', 20, () => {
    let word = ''
    while (word.length < 5 || !/^[a-z]+$/.test(word)) {
      word = next() < 0.7 ? v.nouns[lang()].pick(next)[0]! : lower(v.products.pick(next))
    }
    return typo(word, next)
  })
  add('prefix', 15, () => {
    let word = ''
    while (word.length < 6 || !/^[a-z]+$/.test(word)) {
      word = form(v.nouns[lang()].pick(next), next)
    }
    return word.slice(0, 3 + Math.floor(next() * 3))
  })
  return shuffle(out, next)
}

// Measuring -------------------------------------------------------------------------------------------------

interface Latency {
  p50: number
  p95: number
  p99: number
  n: number
}

function latency(times: readonly number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), n: sorted.length }
}

interface Sample {
  query: Query
  ms: number
  results: number
}

async function searchOnce(base: string, q: string, session: Session | undefined): Promise<Sample['results']> {
  const res = await fetch(`${base}/api/docs?q=${encodeURIComponent(q)}`, {
    headers: session ? { cookie: session.cookie } : {},
  })
  const text = await res.text()
  if (res.status !== 200) {
    throw new Error(`GET /api/docs?q=${q}: ${res.status} ${text.slice(0, 300)}`)
  }
  return (JSON.parse(text) as DocPage).items.length
}

/** The reference: one LIKE per word, AND-ed, on title and text, at most 20 rows, straight on the database. */
async function likeOnce(db: Db, q: string): Promise<number> {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean)
  const conditions = words.map((w) => sql`(lower(title) like ${`%${w}%`} or lower(body_text) like ${`%${w}%`})`)
  const query = sql<{ id: string }>`select id from docs where ${sql.join(conditions, sql` and `)} limit 20`
  return (await query.execute(db)).rows.length
}

const ms = (n: number) => fmt(n, n < 10 ? 2 : n < 100 ? 1 : 0)
const latencyText = (l: Latency) => `p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, p99 ${ms(l.p99)} ms`
const resultsText = (samples: readonly Sample[]) =>
  `${fmt(samples.reduce((sum, s) => sum + s.results, 0))} in ${fmt(samples.length)} answers, ${fmt(samples.filter((s) => s.results === 0).length)} empty`

function databaseBytes(sladesk: Sladesk): Promise<number> {
  if (sladesk.database.dialect === 'sqlite') {
    const file = sladesk.database.sqlite!.name
    return Promise.resolve(
      ['', '-wal'].reduce((sum, s) => sum + (existsSync(file + s) ? statSync(file + s).size : 0), 0),
    )
  }
  return sql<{ size: string }>`select pg_database_size(current_database()) as size`
    .execute(sladesk.database.db)
    .then((r) => Number(r.rows[0]!.size))
}

async function measure(label: string, env: Record<string, string>, withTarget: boolean): Promise<string[]> {
  let sladesk: Sladesk | undefined
  try {
    sladesk = await buildApp(loadConfig({ LOG_LEVEL: 'silent', JOBS: 'off', ...env }, 'bench'))
    const { db } = sladesk.database
    const seeded = await seed(db, label)
    if (sladesk.database.dialect === 'postgres') {
      await sql`analyze`.execute(db)
    }
    const terms = await db
      .selectFrom('doc_terms')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow()
    const bytes = await databaseBytes(sladesk)
    await sladesk.app.listen({ host: '127.0.0.1', port: 0 })
    const base = `http://127.0.0.1:${(sladesk.app.server.address() as AddressInfo).port}`
    const contact = await signIn(base, CONTACT)
    const readers: [string, Session | undefined][] = [
      ['anonymous', undefined],
      ['portal contact', contact],
    ]

    for (const query of queries(seeded.vocabulary, SEED + 1).slice(0, WARMUP_QUERIES)) {
      for (const [, session] of readers) {
        await searchOnce(base, query.q, session)
      }
      await likeOnce(db, query.q)
    }

    const list = queries(seeded.vocabulary, SEED + 2)
    const samples: Record<string, Sample[]> = { anonymous: [], 'portal contact': [] }
    for (const query of list) {
      for (const [who, session] of readers) {
        const t0 = performance.now()
        const results = await searchOnce(base, query.q, session)
        samples[who]!.push({ query, ms: performance.now() - t0, results })
      }
    }
    const reference: Sample[] = []
    for (const query of list) {
      const t0 = performance.now()
      const results = await likeOnce(db, query.q)
      reference.push({ query, ms: performance.now() - t0, results })
    }

    const all = Object.values(samples).flat()
    const search = latency(all.map((s) => s.ms))
    const like = latency(reference.map((s) => s.ms))
    const target = withTarget ? `p95 < ${TARGET_P95_MS}` : ''
    const check = (l: Latency) => (withTarget ? verdict(l.p95 < TARGET_P95_MS) : '')
    const lines = [
      row(
        `${label}: ${fmt(DOCS)} documents seeded in`,
        `${fmt(seeded.ms / 1000, 1)} s, ${fmt((DOCS * 1000) / seeded.ms)} docs/s`,
      ),
      row('   database size / indexed words (doc_terms)', `${fmt(bytes / 1e6)} MB / ${fmt(Number(terms.n))}`),
    ]
    let n = 1
    for (const [who] of readers) {
      const l = latency(samples[who]!.map((s) => s.ms))
      lines.push(row(`${n++}. GET /api/docs?q=…, ${who}`, latencyText(l), target, check(l)))
      lines.push(row('   results (first page of 20)', resultsText(samples[who]!)))
    }
    lines.push(row(`   all ${fmt(all.length)} search requests`, latencyText(search), target, check(search)))
    for (const kind of [...new Set(list.map((q) => q.kind))]) {
      const of = all.filter((s) => s.query.kind === kind)
      lines.push(
        row(
          `     ${kind} (${of.length / readers.length} queries)`,
          latencyText(latency(of.map((s) => s.ms))),
          '',
          `${fmt(of.filter((s) => s.results === 0).length)} empty`,
        ),
      )
    }
    lines.push(
      row(`${n}. reference: LIKE '%word%', on the database`, latencyText(like)),
      row('   results (limit 20)', resultsText(reference)),
      row('   ratio reference p95 / search p95', `${fmt(like.p95 / search.p95, 1)} ×`),
    )
    return lines
  } finally {
    await sladesk?.close()
  }
}

async function main(): Promise<void> {
  console.log(
    `bench/docs-search: ${fmt(DOCS)} generated documents (nl/en), 220 queries each as an anonymous reader and as a portal contact, one at a time over HTTP after ${WARMUP_QUERIES} warm-up queries; app in this process; Node ${process.version}\n`,
  )
  const lines = [row('', 'measured', 'target')]
  const dir = mkdtempSync(join(tmpdir(), 'sladesk-bench-docs-'))
  tempDirs.add(dir)
  try {
    lines.push(...(await measure('SQLite', { DATA_DIR: dir }, true)))
  } finally {
    rmSync(dir, { recursive: true, force: true })
    tempDirs.delete(dir)
  }
  if (PG_URL) {
    const admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
    try {
      const name = `sladesk_bench_docs_${process.pid}`
      await admin.query(`create database ${name}`)
      databases.add(name)
      const url = new URL(PG_URL)
      url.pathname = `/${name}`
      const pgDir = mkdtempSync(join(tmpdir(), 'sladesk-bench-docs-pg-'))
      tempDirs.add(pgDir)
      lines.push(...(await measure('PostgreSQL', { DATA_DIR: pgDir, DATABASE_URL: url.toString() }, false)))
    } finally {
      await dropDatabases(admin)
      await admin.end()
    }
  } else {
    lines.push(row('PostgreSQL', 'skipped: TEST_DATABASE_URL is not set'))
  }
  console.log(lines.join('\n'))
}

await runBench('docs-search.ts', main)
