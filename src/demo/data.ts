// Dutch names, places and tickets for the demo MSP. Pure data.
export const FIRST_NAMES = [
  'Anna',
  'Bram',
  'Charlotte',
  'Daan',
  'Emma',
  'Finn',
  'Greet',
  'Hugo',
  'Ilse',
  'Jeroen',
  'Karin',
  'Lars',
  'Marieke',
  'Niels',
  'Olga',
  'Pieter',
  'Quinten',
  'Roos',
  'Sander',
  'Tessa',
  'Ursula',
  'Vincent',
  'Wendy',
  'Xander',
  'Yvonne',
  'Zoë',
  'Fatima',
  'Mohammed',
  'Sanne',
  'Thijs',
  'Lotte',
  'Ruben',
  'Eva',
  'Joost',
  'Femke',
  'Bas',
]
export const LAST_NAMES = [
  'de Jong',
  'Jansen',
  'de Vries',
  'van den Berg',
  'van Dijk',
  'Bakker',
  'Janssen',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Leeuwen',
  'Dekker',
  'Brouwer',
  'de Wit',
  'Dijkstra',
  'Smits',
  'de Graaf',
  'van der Meer',
  'Kok',
  'Yılmaz',
  'El Amrani',
  'Verhoeven',
  'Postma',
]
export const TRADES = [
  'Tandartspraktijk',
  'Advocatenkantoor',
  'Accountantskantoor',
  'Bouwbedrijf',
  'Installatiebedrijf',
  'Huisartsenpraktijk',
  'Makelaardij',
  'Drukkerij',
  'Transportbedrijf',
  'Architectenbureau',
  'Fysiotherapie',
  'Notariskantoor',
  'Bakkerij',
  'Hoveniersbedrijf',
  'Autobedrijf',
  'Reisbureau',
  'Dierenkliniek',
  'Kinderopvang',
  'Adviesbureau',
  'Groothandel',
]
export const BRANDS = [
  'De Linde',
  'Noorderlicht',
  'Het Anker',
  'De Molen',
  'Zonnehoek',
  'Kade 12',
  'Waterkant',
  'De Eik',
  'Polderzicht',
  'Duinrand',
  'Stadshart',
  'De Brug',
  'Kempenland',
  'Veluwezoom',
  'Het Baken',
  'De Vaart',
  'Lindenhof',
  'Rivierenland',
]
export const CITIES: Array<[string, string]> = [
  ['Amsterdam', '1012'],
  ['Rotterdam', '3011'],
  ['Utrecht', '3511'],
  ['Den Haag', '2511'],
  ['Eindhoven', '5611'],
  ['Groningen', '9711'],
  ['Zwolle', '8011'],
  ['Arnhem', '6811'],
  ['Haarlem', '2011'],
  ['Leiden', '2311'],
  ['Amersfoort', '3811'],
  ['Breda', '4811'],
  ['Tilburg', '5038'],
  ['Nijmegen', '6511'],
  ['Apeldoorn', '7311'],
  ['Maastricht', '6211'],
  ['Deventer', '7411'],
  ['Alkmaar', '1811'],
  ['Delft', '2611'],
  ['Leeuwarden', '8911'],
]
export const STREETS = [
  'Hoofdstraat',
  'Kerkstraat',
  'Stationsweg',
  'Dorpsstraat',
  'Industrieweg',
  'Marktplein',
  'Molenweg',
  'Parallelweg',
  'Nieuwe Gracht',
  'Havenkade',
]

// Tickets of the demo MSP. A title or text may hold {naam} (a colleague's first name), {plek} (a place in the
// office), {app} (an application), {server} (a server name) and {n} (a small number); the demo fills them in.
// Each template is [title, what the customer writes, tag].
export type TicketTemplate = readonly [title: string, text: string, tag: string]

export const INCIDENTS: readonly TicketTemplate[] = [
  [
    'Printer {plek} geeft papierstoring',
    'De printer {plek} geeft steeds een papierstoring in lade 2. Papier eruit halen helpt maar even.',
    'printer',
  ],
  [
    'VPN-verbinding valt weg',
    'Thuiswerkers verliezen elke paar minuten de VPN-verbinding. Opnieuw verbinden lukt, maar daarna valt hij weer weg.',
    'vpn',
  ],
  [
    'Back-up van de NAS mislukt',
    'De nachtelijke back-up van de NAS is mislukt met de melding "doel niet bereikbaar".',
    'backup',
  ],
  [
    '{app} start niet op bij {naam}',
    '{app} blijft hangen op het opstartscherm bij {naam}. Opnieuw opstarten helpt niet.',
    'software',
  ],
  [
    'Geen internet op kantoor',
    'Sinds vanochtend hebben we op kantoor geen internet. De lampjes van het modem knipperen oranje.',
    'netwerk',
  ],
  [
    'Wifi {plek} is erg traag',
    'De wifi {plek} is de hele dag al traag; videobellen hapert en bestanden openen duurt lang.',
    'netwerk',
  ],
  [
    'Laptop van {naam} start niet meer op',
    'De laptop van {naam} blijft op een zwart scherm staan na het aanzetten.',
    'hardware',
  ],
  [
    'Outlook vraagt steeds om wachtwoord',
    'Outlook blijft bij {naam} om het wachtwoord vragen, ook nadat het goed is ingevuld.',
    'mail',
  ],
  [
    'Gedeelde map op {server} niet bereikbaar',
    'De gedeelde map op {server} is vanaf geen enkele werkplek te openen.',
    'netwerk',
  ],
  [
    'Scanner {plek} scant niet meer naar e-mail',
    'Scannen naar e-mail geeft een foutmelding over de SMTP-server.',
    'printer',
  ],
  [
    'Telefooncentrale: inkomende gesprekken vallen weg',
    'Inkomende gesprekken worden na ongeveer {n} seconden verbroken.',
    'telefonie',
  ],
  [
    'Mails komen niet aan bij externe ontvangers',
    'Onze mails aan klanten komen niet aan; we krijgen een bounce-bericht terug.',
    'mail',
  ],
  [
    'Beeldscherm {plek} flikkert',
    'Het tweede beeldscherm van {naam} flikkert en valt af en toe helemaal uit.',
    'hardware',
  ],
  ['Teams-vergaderingen haperen', 'Bij elke Teams-vergadering valt het geluid weg en bevriest het beeld.', 'software'],
  [
    'Kassasysteem maakt geen verbinding met de pinautomaat',
    'Betalen met pin lukt niet: de kassa geeft "terminal offline".',
    'hardware',
  ],
  [
    '{server} reageert traag',
    'Alles wat op {server} staat opent erg traag sinds de update van afgelopen nacht.',
    'server',
  ],
  [
    'Account van {naam} is geblokkeerd',
    '{naam} kan niet meer inloggen: het account is na te veel pogingen geblokkeerd.',
    'account',
  ],
  [
    'OneDrive synchroniseert niet',
    'Bij {naam} staat OneDrive al dagen op "bezig met synchroniseren" en er komen geen nieuwe bestanden door.',
    'software',
  ],
]

export const QUESTIONS: readonly TicketTemplate[] = [
  [
    'Hoe stel ik een afwezigheidsmelding in?',
    'Ik ga {n} weken op vakantie. Hoe zet ik een automatisch antwoord aan in Outlook?',
    'mail',
  ],
  [
    'Kunnen we bestanden delen met een externe partij?',
    'We willen een map delen met onze accountant. Hoe doen we dat veilig?',
    'software',
  ],
  [
    'Vraag over de factuur van deze maand',
    'Op de factuur staan {n} licenties meer dan we gebruiken. Klopt dat?',
    'facturatie',
  ],
  [
    'Hoe koppel ik mijn telefoon aan de bedrijfsmail?',
    '{naam} heeft een nieuwe telefoon. Hoe krijgt die de bedrijfsmail erop?',
    'mail',
  ],
  [
    'Is onze back-up ook buiten de deur?',
    'Wij vroegen ons af of de back-up ook op een andere locatie wordt bewaard.',
    'backup',
  ],
  ['Welke laptop adviseren jullie?', 'We willen {n} nieuwe laptops aanschaffen. Wat raden jullie aan?', 'hardware'],
  [
    'Hoe werkt tweestapsverificatie?',
    'We krijgen een melding dat we tweestapsverificatie moeten instellen. Hoe werkt dat?',
    'account',
  ],
  [
    'Kan {naam} thuis op de printer van kantoor printen?',
    'Is het mogelijk om vanuit huis op de printer {plek} te printen?',
    'printer',
  ],
  [
    'Wanneer worden de updates geïnstalleerd?',
    'Onze pc’s herstarten soms onverwacht. Wanneer installeren jullie de updates?',
    'onderhoud',
  ],
]

export const SERVICE_REQUESTS: readonly TicketTemplate[] = [
  [
    'Nieuwe medewerker: account aanmaken voor {naam}',
    '{naam} begint maandag. Graag een account, mailbox en toegang tot de gedeelde mappen.',
    'account',
  ],
  [
    'Medewerker uit dienst: account van {naam} blokkeren',
    '{naam} is per vandaag uit dienst. Graag het account blokkeren en de mail doorsturen.',
    'account',
  ],
  ['Extra licentie voor {app}', 'Wij hebben {n} extra licenties voor {app} nodig.', 'licenties'],
  [
    'Nieuwe werkplek inrichten {plek}',
    'Graag een werkplek inrichten {plek} met docking station en twee schermen.',
    'hardware',
  ],
  [
    'Toegang tot de map Financiën voor {naam}',
    '{naam} heeft leesrechten nodig op de map Financiën op {server}.',
    'account',
  ],
  [
    'Nieuwe telefoon voor {naam}',
    'Graag een nieuwe mobiele telefoon voor {naam}, met de bedrijfsapps erop.',
    'hardware',
  ],
  ['Wachtwoord van {naam} resetten', '{naam} is het wachtwoord vergeten. Kunnen jullie het resetten?', 'account'],
  [
    'Gastnetwerk instellen voor een evenement',
    'Volgende week hebben we {n} gasten; graag een apart wifi-netwerk.',
    'netwerk',
  ],
]

export const BUGS: readonly TicketTemplate[] = [
  [
    'Klantportaal: knop "Opslaan" doet niets',
    'In het klantportaal gebeurt er niets als je op "Opslaan" klikt bij het wijzigen van een adres.',
    'portaal',
  ],
  [
    'Factuurmodule rekent de btw verkeerd af',
    'Bij facturen met korting wordt de btw over het bedrag vóór de korting berekend.',
    'facturatie',
  ],
  [
    'Planningstool toont afspraken een uur te laat',
    'Sinds de overgang naar wintertijd staan alle afspraken een uur te laat in de planning.',
    'software',
  ],
  [
    'Export naar Excel mist kolommen',
    'De export van de urenregistratie naar Excel mist de kolommen project en omschrijving.',
    'software',
  ],
  [
    'Webshop: betaalpagina geeft foutmelding',
    'Na het kiezen van iDEAL krijgen klanten een foutmelding met code {n}.',
    'webshop',
  ],
  ['Verkeerde kleur op de inlogpagina', 'Het logo op de inlogpagina heeft de oude huisstijlkleur.', 'portaal'],
  [
    'Koppeling met de boekhouding stuurt dubbele boekingen',
    'Sommige facturen komen twee keer in de boekhouding terecht.',
    'facturatie',
  ],
]

export const CALAMITIES: readonly TicketTemplate[] = [
  [
    'Hele kantoor kan niet werken: {server} onbereikbaar',
    '{server} is plat. Niemand kan bij de bestanden of het ERP-pakket.',
    'server',
  ],
  [
    'Ransomwaremelding op meerdere pc’s',
    'Op {n} pc’s staat een melding dat de bestanden versleuteld zijn. We hebben ze uitgezet.',
    'beveiliging',
  ],
  [
    'Internetverbinding volledig uitgevallen',
    'Het hele pand is zonder internet en telefonie. Klanten kunnen ons niet bereiken.',
    'netwerk',
  ],
  ['Mailserver ligt eruit', 'Niemand kan mailen, intern noch extern.', 'mail'],
  [
    'Stroomstoring: servers starten niet op',
    'Na een stroomstoring komen de servers in de serverruimte niet meer op.',
    'server',
  ],
]

export const ALERTS: readonly TicketTemplate[] = [
  ['Veeam: back-upjob "Dagelijks" mislukt', 'Veeam meldt: job "Dagelijks" is mislukt op {server}.', 'backup'],
  [
    'Schijf C: op {server} bijna vol ({n}%)',
    'De monitoring meldt dat schijf C: op {server} voor meer dan {n}% vol is.',
    'server',
  ],
  ['Certificaat verloopt over {n} dagen', 'Het SSL-certificaat van de webmail verloopt over {n} dagen.', 'beveiliging'],
  ['{server} reageert niet op ping', 'De monitoring krijgt geen antwoord van {server} sinds {n} minuten.', 'server'],
  [
    'Antivirus: dreiging gevonden bij {naam}',
    'De antivirus heeft op de laptop van {naam} een dreiging in quarantaine gezet.',
    'beveiliging',
  ],
  ['UPS draait op accu', 'De UPS in de serverruimte meldt dat hij op de accu draait.', 'hardware'],
]

export const MAINTENANCE: readonly TicketTemplate[] = [
  [
    'Maandelijkse Windows-updates',
    'Installeren en controleren van de maandelijkse Windows-updates op alle werkplekken en servers.',
    'onderhoud',
  ],
  [
    'Firmware-update firewall',
    'De firewall krijgt de nieuwe firmware; het internet is daarbij {n} minuten weg.',
    'onderhoud',
  ],
  [
    'Kwartaalcontrole back-up: terugzettest',
    'Proef op de som: een willekeurige map van {server} terugzetten en controleren.',
    'backup',
  ],
  ['Vervangen van de switch {plek}', 'De oude switch {plek} wordt vervangen door een nieuwe met PoE.', 'netwerk'],
  ['Licenties jaarlijks nalopen', 'Jaarlijkse controle van de licenties tegen het aantal medewerkers.', 'licenties'],
]

export const PLACES = [
  'op de begane grond',
  'op de eerste verdieping',
  'op de tweede verdieping',
  'bij de receptie',
  'in de vergaderruimte',
  'in het magazijn',
  'in de kantine',
]
export const APPS = [
  'Outlook',
  'Teams',
  'Excel',
  'Exact Online',
  'AFAS',
  'SharePoint',
  'de boekhouding',
  'Adobe Acrobat',
]
export const SERVERS = ['SRV01', 'DC01', 'NAS01', 'FS01', 'de terminalserver']

export const OPENINGS = ['Goedemorgen,', 'Hallo,', 'Beste servicedesk,', 'Hoi,', 'Goedemiddag,']
export const CLOSINGS = [
  'Kunnen jullie hier naar kijken?',
  'Graag zo snel mogelijk een reactie.',
  'Alvast bedankt!',
  'Laat maar weten als jullie meer informatie nodig hebben.',
  'Het is niet heel dringend, maar wel vervelend.',
]

export const FIRST_REPLIES = [
  'Dank voor je melding. Ik ga ermee aan de slag en laat je vandaag nog weten wat ik heb gevonden.',
  'Ik heb je melding opgepakt en kijk nu op afstand mee.',
  'Bedankt, we hebben de melding ontvangen. Ik bel je zo even om het door te nemen.',
  'Ik heb het probleem kunnen nazien en werk aan een oplossing.',
]
export const QUESTION_REPLIES = [
  'Om dit goed te kunnen onderzoeken: wanneer trad het probleem voor het eerst op, en bij wie?',
  'Kun je een schermafbeelding sturen van de foutmelding?',
  'Mag ik vanmiddag op afstand meekijken? Laat maar weten wanneer het schikt.',
]
export const CUSTOMER_REPLIES = [
  'Het begon gisterochtend, bij iedereen op de eerste verdieping.',
  'Schermafbeelding zit in de bijlage. Vanmiddag na twee uur kan prima.',
  'Bedankt voor de snelle reactie, het is inmiddels weer gebeurd.',
  'Ja hoor, bel maar wanneer het uitkomt.',
]
export const UPDATE_REPLIES = [
  'Stand van zaken: we wachten nog op een reactie van de leverancier.',
  'Tussentijdse update: het onderdeel is besteld en komt naar verwachting morgen binnen.',
  'We zijn er nog mee bezig; de oorzaak lijkt bij de laatste update te liggen.',
]
export const RESOLUTIONS = [
  'Het probleem is opgelost. Wil je laten weten als het zich opnieuw voordoet?',
  'Opgelost: de instellingen zijn aangepast en alles werkt weer.',
  'Afgerond. De oorzaak was een verlopen certificaat; dat is vernieuwd.',
  'Het onderdeel is vervangen en getest. We sluiten de melding over een paar dagen.',
]
