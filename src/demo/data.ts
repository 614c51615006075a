// Dutch names and places for the demo MSP. Pure data.
export const FIRST_NAMES = [
  'Anna', 'Bram', 'Charlotte', 'Daan', 'Emma', 'Finn', 'Greet', 'Hugo', 'Ilse', 'Jeroen', 'Karin', 'Lars', 'Marieke',
  'Niels', 'Olga', 'Pieter', 'Quinten', 'Roos', 'Sander', 'Tessa', 'Ursula', 'Vincent', 'Wendy', 'Xander', 'Yvonne',
  'Zoë', 'Fatima', 'Mohammed', 'Sanne', 'Thijs', 'Lotte', 'Ruben', 'Eva', 'Joost', 'Femke', 'Bas',
]
export const LAST_NAMES = [
  'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer',
  'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit',
  'Dijkstra', 'Smits', 'de Graaf', 'van der Meer', 'Kok', 'Yılmaz', 'El Amrani', 'Verhoeven', 'Postma',
]
export const TRADES = [
  'Tandartspraktijk', 'Advocatenkantoor', 'Accountantskantoor', 'Bouwbedrijf', 'Installatiebedrijf', 'Huisartsenpraktijk',
  'Makelaardij', 'Drukkerij', 'Transportbedrijf', 'Architectenbureau', 'Fysiotherapie', 'Notariskantoor', 'Bakkerij',
  'Hoveniersbedrijf', 'Autobedrijf', 'Reisbureau', 'Dierenkliniek', 'Kinderopvang', 'Adviesbureau', 'Groothandel',
]
export const BRANDS = [
  'De Linde', 'Noorderlicht', 'Het Anker', 'De Molen', 'Zonnehoek', 'Kade 12', 'Waterkant', 'De Eik', 'Polderzicht',
  'Duinrand', 'Stadshart', 'De Brug', 'Kempenland', 'Veluwezoom', 'Het Baken', 'De Vaart', 'Lindenhof', 'Rivierenland',
]
export const CITIES: Array<[string, string]> = [
  ['Amsterdam', '1012'], ['Rotterdam', '3011'], ['Utrecht', '3511'], ['Den Haag', '2511'], ['Eindhoven', '5611'],
  ['Groningen', '9711'], ['Zwolle', '8011'], ['Arnhem', '6811'], ['Haarlem', '2011'], ['Leiden', '2311'],
  ['Amersfoort', '3811'], ['Breda', '4811'], ['Tilburg', '5038'], ['Nijmegen', '6511'], ['Apeldoorn', '7311'],
  ['Maastricht', '6211'], ['Deventer', '7411'], ['Alkmaar', '1811'], ['Delft', '2611'], ['Leeuwarden', '8911'],
]
export const STREETS = ['Hoofdstraat', 'Kerkstraat', 'Stationsweg', 'Dorpsstraat', 'Industrieweg', 'Marktplein', 'Molenweg', 'Parallelweg', 'Nieuwe Gracht', 'Havenkade']
