// The demo MSP's documentation: a few manuals, technical notes and examples in Dutch and English, filed under the
// products its customers use, public, for all customers, for the first customer only, internal, and one draft;
// written through the documentation service, as a technician would.
import type { Sladesk } from '../app.js'
import type { StaffActor } from '../platform/access.js'
import { dayOf, plusDays } from '../modules/monitoring/daily.js'

interface DemoDoc {
  title: string
  kind: 'manual' | 'technical-note' | 'example'
  language: 'nl' | 'en'
  visibility: 'public' | 'customers' | 'specific' | 'internal'
  status?: 'draft' | 'published'
  product?: string
  category?: string
  tags?: string[]
  /** The title of the document this one translates. */
  translates?: string
  /** How many days before the demo's "now" it was last checked; by default 316 (mid-January at DEMO_NOW). */
  reviewedDaysAgo?: number
  body: string
}

const PRODUCTS: { name: string; vendor: string }[] = [
  { name: 'Microsoft 365', vendor: 'Microsoft' },
  { name: 'HP LaserJet', vendor: 'HP' },
  { name: 'restic', vendor: 'restic' },
  { name: 'FortiGate', vendor: 'Fortinet' },
  { name: 'APC Smart-UPS', vendor: 'Schneider Electric' },
]

const DOCS: DemoDoc[] = [
  {
    title: 'Een netwerkprinter installeren op Windows 11',
    kind: 'manual',
    language: 'nl',
    visibility: 'public',
    product: 'HP LaserJet',
    category: 'Werkplek',
    tags: ['printer', 'windows'],
    body: `Zo voeg je een printer uit het kantoornetwerk toe aan je laptop of pc.

## Printer toevoegen

1. Open **Instellingen** › **Bluetooth en apparaten** › **Printers en scanners**.
2. Kies **Apparaat toevoegen** en wacht tot de printer in de lijst staat.
3. Staat hij er niet bij? Kies **Handmatig toevoegen** en vul het IP-adres in (staat op het label van de printer).

## Standaardprinter

Zet het vinkje **Windows mag mijn standaardprinter beheren** uit, en kies de kantoorprinter als standaard.

## Lukt het niet?

Controleer of je met het kantoornetwerk (of de VPN) verbonden bent. Maak anders een melding aan in het portaal.`,
  },
  {
    title: 'Installing a network printer on Windows 11',
    kind: 'manual',
    language: 'en',
    visibility: 'public',
    product: 'HP LaserJet',
    category: 'Workplace',
    tags: ['printer', 'windows'],
    translates: 'Een netwerkprinter installeren op Windows 11',
    body: `How to add a printer on the office network to your laptop or PC.

## Adding the printer

1. Open **Settings** › **Bluetooth & devices** › **Printers & scanners**.
2. Choose **Add device** and wait for the printer to appear.
3. Not listed? Choose **Add manually** and enter its IP address (on the printer's label).

## If it does not work

Check that you are connected to the office network (or the VPN). Otherwise, file a ticket in the portal.`,
  },
  {
    title: 'Tweestapsverificatie instellen voor Microsoft 365',
    kind: 'manual',
    language: 'nl',
    visibility: 'customers',
    product: 'Microsoft 365',
    category: 'Accounts',
    tags: ['mfa', 'beveiliging'],
    body: `Met tweestapsverificatie is je account veilig, ook als iemand je wachtwoord kent.

## Wat heb je nodig

- je telefoon met de app **Microsoft Authenticator**;
- je werk-e-mailadres en wachtwoord.

## Stappen

1. Ga naar https://aka.ms/mfasetup en meld je aan.
2. Kies **Mobiele app** en scan de QR-code met de Authenticator-app.
3. Bevestig met het getal dat op je scherm verschijnt.

| Situatie | Wat te doen |
| --- | --- |
| Nieuwe telefoon | Meld het ons vóór je de oude wist |
| Geen telefoon bij de hand | Bel de servicedesk |`,
  },
  {
    title: 'Een bestand terugzetten uit de back-up',
    kind: 'technical-note',
    language: 'nl',
    visibility: 'customers',
    product: 'restic',
    category: 'Back-up',
    tags: ['backup', 'restore'],
    body: `Elke nacht maken we een back-up van je server. Een verwijderd of beschadigd bestand zetten we terug.

## Zelf aanvragen

Maak een melding met het pad van het bestand en de datum waarop het nog goed was.

## Voor de technicus

\`\`\`bash
restic -r sftp:backup@nas01:/srv/restic snapshots --path /srv/data
restic -r sftp:backup@nas01:/srv/restic restore latest --target /tmp/terugzetten --include "/srv/data/Offertes"
\`\`\`

Controleer de herstelde bestanden voor je ze terugplaatst.`,
  },
  {
    title: 'Verbinden met de VPN van kantoor',
    kind: 'manual',
    language: 'nl',
    visibility: 'customers',
    product: 'FortiGate',
    category: 'Netwerk',
    tags: ['vpn', 'thuiswerken'],
    reviewedDaysAgo: 452,
    body: `Thuis werken met de bestanden van kantoor gaat via de VPN.

## Installeren

Download **FortiClient VPN** en voeg een verbinding toe:

- type: SSL-VPN
- server: het adres dat je van ons kreeg
- poort: 443

## Verbinden

Kies de verbinding, vul je gebruikersnaam en wachtwoord in en bevestig de melding op je telefoon.`,
  },
  {
    title: 'Wat te doen bij een stroomstoring',
    kind: 'technical-note',
    language: 'nl',
    visibility: 'public',
    product: 'APC Smart-UPS',
    category: 'Stroom',
    tags: ['ups', 'stroomstoring'],
    body: `Je server staat op een noodstroomvoeding (UPS). Die vangt korte storingen op en zet de server netjes uit als
de accu bijna leeg is.

## Tijdens de storing

- Laat de server aan: de UPS regelt het afsluiten.
- Wij krijgen automatisch bericht zodra de UPS op de accu draait.

## Na de storing

De server start zelf op zodra de stroom terug is en de accu weer voldoende geladen is. Werkt iets niet? Maak een
melding aan.`,
  },
  {
    title: 'Voorbeeld: back-upscript met restic en exitcodes',
    kind: 'example',
    language: 'nl',
    visibility: 'public',
    product: 'restic',
    category: 'Back-up',
    tags: ['backup', 'script', 'restic'],
    body: `Een nachtelijk back-upscript dat zijn uitvoer naar sladesk stuurt, met de exitcode van restic.

\`\`\`bash
#!/bin/sh
out=$(restic backup /srv/data --json 2>&1); code=$?
curl -sS -X POST "https://sladesk.example.nl/api/ingest/backup?format=restic&job=Nachtelijk&exitCode=$code" \\
  -H "Authorization: Bearer $SLADESK_INGEST_TOKEN" --data-binary "$out"
\`\`\`

Exitcode 3 betekent dat niet alle bestanden gelezen konden worden: sladesk telt dat als waarschuwing.`,
  },
  {
    title: 'Runbook netwerk hoofdkantoor',
    kind: 'manual',
    language: 'nl',
    visibility: 'specific',
    category: 'Netwerk',
    tags: ['runbook'],
    body: `Het netwerk van het hoofdkantoor, voor jullie en voor ons.

| Apparaat | Adres | Plaats |
| --- | --- | --- |
| Firewall | 192.168.10.1 | Serverkast |
| Switch | 192.168.10.2 | Serverkast |
| Server | 192.168.10.10 | Serverkast |
| Printer | 192.168.10.50 | Gang |

## Bij een storing

1. Kijk of de lampjes op de switch branden.
2. Herstart de firewall alleen na overleg met de servicedesk.`,
  },
  {
    title: 'Interne werkwijze: wachtwoordkluis',
    kind: 'technical-note',
    language: 'nl',
    visibility: 'internal',
    category: 'Werkwijze',
    tags: ['intern'],
    body: `Beheerwachtwoorden van klanten staan alleen in de wachtwoordkluis, nooit in meldingen of notities.

- Na gebruik van een beheeraccount: wachtwoord roteren.
- Vertrekt een medewerker, dan roteren we alle wachtwoorden die hij kon zien.`,
  },
  {
    title: 'Outlook-profiel opnieuw aanmaken',
    kind: 'manual',
    language: 'nl',
    visibility: 'customers',
    status: 'draft',
    product: 'Microsoft 365',
    category: 'Werkplek',
    tags: ['outlook'],
    body: `Als Outlook blijft hangen of geen mail meer ophaalt, helpt een nieuw profiel vaak.

(Nog aan te vullen met schermafdrukken.)`,
  },
]

/** Writes the demo documents (once: none when there are documents); the runbook is for `runbookCustomerId`. */
export async function addDocs(sladesk: Sladesk, runbookCustomerId: string | undefined, now: number): Promise<number> {
  const { docs } = sladesk.services
  const { db } = sladesk.database
  if (await db.selectFrom('docs').select('id').limit(1).executeTakeFirst()) {
    return 0
  }
  const today = dayOf(now, (await sladesk.services.settings.load()).company.timeZone)
  const author = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'locale'])
    .where('role', 'in', ['technician', 'admin'])
    .where('active', '=', 1)
    .orderBy('role', 'desc')
    .orderBy('email')
    .executeTakeFirst()
  if (!author) {
    throw new Error('The demo documentation needs an active technician or admin to write it')
  }
  const actor: StaffActor = {
    kind: 'staff',
    userId: author.id,
    email: author.email,
    name: author.name,
    role: author.role as 'admin' | 'technician',
    locale: author.locale,
  }
  const products = new Map((await docs.products()).map((p) => [p.name, p.id]))
  for (const p of PRODUCTS) {
    if (!products.has(p.name)) {
      products.set(p.name, (await docs.createProduct(actor, p)).id)
    }
  }
  const written = new Map<string, string>()
  let n = 0
  for (const d of DOCS) {
    if (d.visibility === 'specific' && !runbookCustomerId) {
      continue
    }
    const doc = await docs.create(actor, {
      title: d.title,
      body: d.body,
      kind: d.kind,
      language: d.language,
      visibility: d.visibility,
      status: d.status ?? 'published',
      customerIds: d.visibility === 'specific' && runbookCustomerId ? [runbookCustomerId] : null,
      productId: d.product ? (products.get(d.product) ?? null) : null,
      category: d.category ?? null,
      tags: d.tags ?? null,
      translationOf: d.translates ? (written.get(d.translates) ?? null) : null,
      reviewedOn: plusDays(today, -(d.reviewedDaysAgo ?? 316)),
    })
    written.set(d.title, doc.id)
    n++
  }
  return n
}
