import type { KomunaRow, VendbanimiRow } from '../sources/address/rows.js';

/** The communities whose names the seeded population carries. */
export type Community = 'albanian' | 'serbian' | 'bosniak' | 'turkish' | 'rae' | 'gorani';

/** One of Kosovo's 38 municipalities, with what the generator needs to populate it. */
export interface Municipality {
  readonly code: number;
  readonly nameSq: string;
  readonly nameSr: string;
  /** 1 Prishtinë, 2 Mitrovicë, 3 Pejë, 4 Prizren, 5 Ferizaj, 6 Gjilan, 7 Gjakovë */
  readonly region: number;
  /** Rough population in thousands: the weight of the municipality in the generated population. */
  readonly population: number;
  /** Share of households in the main town rather than a village. */
  readonly urban: number;
  /** Relative weights of the communities living there. */
  readonly communities: Readonly<Partial<Record<Community, number>>>;
  /** Street names in Serbian rather than Albanian. */
  readonly serbianStreets: boolean;
  /** The main town first, then villages: [Albanian name, Serbian name]. */
  readonly settlements: ReadonlyArray<readonly [string, string]>;
}

const MOSTLY_ALBANIAN = { albanian: 97, rae: 1.5, serbian: 0.7, turkish: 0.4, bosniak: 0.4 };

// [code, Albanian, Serbian, region, population (thousands), urban share, communities, settlements]
type Entry = readonly [number, string, string, number, number, number, Partial<Record<Community, number>> | null, ReadonlyArray<readonly [string, string]>];

const ENTRIES: readonly Entry[] = [
  [1, 'Prishtinë', 'Priština', 1, 220, 0.85, { albanian: 96, serbian: 1, turkish: 1, rae: 1.2, bosniak: 0.8 }, [
    ['Prishtinë', 'Priština'], ['Hajvali', 'Ajvalija'], ['Bardhosh', 'Bardoš'], ['Llukar', 'Lukare'], ['Sofali', 'Sofalija'],
    ['Mramor', 'Mramor'], ['Keqekollë', 'Kečekola'], ['Koliq', 'Kolić'], ['Besi', 'Besinje'], ['Shkabaj', 'Škabaj'],
    ['Marevc', 'Marevce'], ['Barilevë', 'Bariljevo'], ['Rimanishtë', 'Rimanište'], ['Matiçan', 'Matičane'], ['Grashticë', 'Graštica'],
  ]],
  [2, 'Fushë Kosovë', 'Kosovo Polje', 1, 60, 0.6, { albanian: 89, rae: 8, serbian: 3 }, [
    ['Fushë Kosovë', 'Kosovo Polje'], ['Bresje', 'Bresje'], ['Harilaq', 'Ariljača'], ['Lismir', 'Lismir'], ['Graboc i Epërm', 'Gornji Grabovac'],
    ['Kuzmin', 'Kuzmin'], ['Henc', 'Henci'], ['Bardh i Madh', 'Veliki Belaćevac'], ['Sllatinë e Madhe', 'Velika Slatina'],
  ]],
  [3, 'Obiliq', 'Obilić', 1, 21, 0.45, { albanian: 89, serbian: 5, rae: 6 }, [
    ['Obiliq', 'Obilić'], ['Plemetin', 'Plemetina'], ['Milloshevë', 'Miloševo'], ['Hamidi', 'Hamidija'], ['Babimoc', 'Babin Most'],
    ['Sibovc', 'Sibovac'], ['Palaj', 'Crkvena Vodica'], ['Graboc i Poshtëm', 'Donji Grabovac'],
  ]],
  [4, 'Lipjan', 'Lipljan', 1, 57, 0.3, { albanian: 92, serbian: 4, rae: 3, bosniak: 1 }, [
    ['Lipjan', 'Lipljan'], ['Magure', 'Magura'], ['Janjevë', 'Janjevo'], ['Gadime e Epërme', 'Gornje Gadimlje'], ['Shalë', 'Sedlare'],
    ['Dobrajë e Madhe', 'Velika Dobranja'], ['Sllovi', 'Slovinje'], ['Banullë', 'Bandulić'], ['Konjuh', 'Konjuh'],
  ]],
  [5, 'Podujevë', 'Podujevo', 1, 88, 0.3, { albanian: 99, rae: 1 }, [
    ['Podujevë', 'Podujevo'], ['Lluzhan', 'Lužane'], ['Bradash', 'Bradaš'], ['Orllan', 'Orlane'], ['Sfeçël', 'Svetlje'],
    ['Gllamnik', 'Glavnik'], ['Majac', 'Majance'], ['Merdar', 'Merdare'], ['Dobërdol', 'Dobri Do'],
  ]],
  [6, 'Drenas', 'Glogovac', 1, 58, 0.3, { albanian: 99.5, rae: 0.5 }, [
    ['Drenas', 'Glogovac'], ['Komoran', 'Komorane'], ['Likoshan', 'Likošane'], ['Qirez', 'Ćirez'], ['Abri e Epërme', 'Gornje Obrinje'],
    ['Poklek', 'Poklek'], ['Vasileva', 'Vasiljevo'], ['Nekoc', 'Nekovce'], ['Arllat', 'Orlate'],
  ]],
  [7, 'Graçanicë', 'Gračanica', 1, 20, 0.4, { serbian: 68, albanian: 27, rae: 5 }, [
    ['Graçanicë', 'Gračanica'], ['Llapnasellë', 'Laplje Selo'], ['Ugljarë', 'Ugljare'], ['Preoc', 'Preoce'], ['Sushicë', 'Sušica'],
    ['Skullan', 'Skulanevo'], ['Batusë', 'Batuse'], ['Ajkobillë', 'Ajkobila'],
  ]],
  [8, 'Novobërdë', 'Novo Brdo', 1, 7, 0.2, { albanian: 55, serbian: 44, rae: 1 }, [
    ['Novobërdë', 'Novo Brdo'], ['Bostan', 'Bostane'], ['Koretishtë', 'Koretište'], ['Llabjan', 'Labljane'], ['Prekoc', 'Prekovce'],
    ['Zebincë', 'Zebince'], ['Izvor', 'Izvor'],
  ]],
  [9, 'Mitrovicë e Jugut', 'Južna Mitrovica', 2, 71, 0.65, { albanian: 95, rae: 3, bosniak: 1, turkish: 1 }, [
    ['Mitrovicë e Jugut', 'Južna Mitrovica'], ['Shupkovc', 'Šupkovac'], ['Zhabar', 'Žabare'], ['Vaganicë', 'Vaganica'], ['Shipol', 'Šipolje'],
    ['Vinarc i Poshtëm', 'Donje Vinarce'], ['Koshtovë', 'Koštovo'], ['Bajgorë', 'Bajgora'], ['Stantërg', 'Stari Trg'], ['Melenicë', 'Melenica'],
  ]],
  [10, 'Mitrovicë e Veriut', 'Severna Mitrovica', 2, 29, 0.85, { serbian: 75, albanian: 17, bosniak: 5, rae: 2, gorani: 1 }, [
    ['Mitrovicë e Veriut', 'Severna Mitrovica'], ['Zhabar i Epërm', 'Gornje Žabare'], ['Suhodoll', 'Suvi Do'], ['Kroi i Vitakut', 'Brđani'],
  ]],
  [11, 'Vushtrri', 'Vučitrn', 2, 70, 0.4, { albanian: 96, rae: 3, serbian: 1 }, [
    ['Vushtrri', 'Vučitrn'], ['Samadrexhë', 'Samodreža'], ['Pantinë', 'Pantina'], ['Prelluzhë', 'Prilužje'], ['Gojbulë', 'Gojbulja'],
    ['Smrekovnicë', 'Smrekovnica'], ['Stanovc i Epërm', 'Gornje Stanovce'], ['Nadakoc', 'Nedakovac'], ['Bukosh', 'Bukoš'],
  ]],
  [12, 'Skenderaj', 'Srbica', 2, 51, 0.25, { albanian: 99.5, rae: 0.5 }, [
    ['Skenderaj', 'Srbica'], ['Prekaz i Epërm', 'Gornji Prekaz'], ['Likovc', 'Likovac'], ['Klinë e Epërme', 'Gornja Klina'], ['Vojnik', 'Vojnik'],
    ['Llaushë', 'Lauša'], ['Turiqec', 'Turićevac'], ['Kopiliq i Epërm', 'Gornji Kopilić'],
  ]],
  [13, 'Zveçan', 'Zvečan', 2, 17, 0.5, { serbian: 93, albanian: 5, bosniak: 2 }, [
    ['Zveçan', 'Zvečan'], ['Boletin', 'Boletin'], ['Banjskë', 'Banjska'], ['Zhazhë', 'Žaža'], ['Lipë', 'Lipa'], ['Valaq', 'Valač'],
  ]],
  [14, 'Zubin Potok', 'Zubin Potok', 2, 15, 0.4, { serbian: 92, albanian: 7, bosniak: 1 }, [
    ['Zubin Potok', 'Zubin Potok'], ['Zupç', 'Zupče'], ['Çabër', 'Čabra'], ['Bërnjak', 'Brnjak'], ['Gazivodë', 'Gazivode'], ['Varagë', 'Varage'],
  ]],
  [15, 'Leposaviq', 'Leposavić', 2, 19, 0.45, { serbian: 95, albanian: 4, bosniak: 1 }, [
    ['Leposaviq', 'Leposavić'], ['Soçanicë', 'Sočanica'], ['Leshak', 'Lešak'], ['Bellobërdë', 'Belo Brdo'], ['Dren', 'Dren'],
  ]],
  [16, 'Pejë', 'Peć', 3, 96, 0.55, { albanian: 88, bosniak: 5, rae: 6, serbian: 1 }, [
    ['Pejë', 'Peć'], ['Vitomiricë', 'Vitomirica'], ['Novosellë', 'Novo Selo'], ['Zahaq', 'Zahać'], ['Kosuriq', 'Kosurić'],
    ['Raushiq', 'Raušić'], ['Loxhë', 'Loža'], ['Haxhaj', 'Hadžaj'], ['Brezhanik', 'Brežanik'], ['Shtupeq i Madh', 'Veliki Štupelj'],
  ]],
  [17, 'Istog', 'Istok', 3, 39, 0.3, { albanian: 90, bosniak: 4, rae: 3, serbian: 3 }, [
    ['Istog', 'Istok'], ['Gurrakoc', 'Đurakovac'], ['Banjë', 'Banja'], ['Vrellë', 'Vrelo'], ['Osojan', 'Osojane'],
    ['Cërrcë', 'Crnce'], ['Zallq', 'Žač'], ['Dubravë', 'Dubrava'],
  ]],
  [18, 'Klinë', 'Klina', 3, 38, 0.3, { albanian: 96, rae: 3, serbian: 1 }, [
    ['Klinë', 'Klina'], ['Grabanicë', 'Grabanica'], ['Dollovë', 'Dolovo'], ['Jagodë', 'Jagoda'], ['Gllarevë', 'Glareva'],
    ['Volljakë', 'Voljake'], ['Zajm', 'Zajm'], ['Dërsnik', 'Drsnik'],
  ]],
  [19, 'Deçan', 'Dečani', 3, 40, 0.25, { albanian: 99, rae: 0.7, serbian: 0.3 }, [
    ['Deçan', 'Dečani'], ['Isniq', 'Istinić'], ['Gllogjan', 'Glođane'], ['Strellc i Epërm', 'Gornji Streoc'], ['Baballoq', 'Baballoć'],
    ['Carrabreg i Epërm', 'Gornji Crnobreg'], ['Prapaqan', 'Prapaćane'], ['Irzniq', 'Rznić'], ['Dranoc', 'Dranovac'],
  ]],
  [20, 'Junik', 'Junik', 3, 6, 0.7, { albanian: 100 }, [
    ['Junik', 'Junik'], ['Jasiq', 'Jasić'], ['Gjocaj', 'Đocaj'],
  ]],
  [21, 'Prizren', 'Prizren', 4, 178, 0.55, { albanian: 81, bosniak: 9, turkish: 5, rae: 3, gorani: 1.5, serbian: 0.5 }, [
    ['Prizren', 'Prizren'], ['Zhur', 'Žur'], ['Landovicë', 'Landovica'], ['Gjonaj', 'Đonaj'], ['Vërmicë', 'Vrbnica'],
    ['Korishë', 'Koriša'], ['Romajë', 'Romaja'], ['Lubizhdë', 'Ljubižda'], ['Hoçë e Qytetit', 'Hoča Zagradska'], ['Dedaj', 'Dedaj'],
  ]],
  [22, 'Dragash', 'Dragaš', 4, 34, 0.2, { albanian: 60, gorani: 35, bosniak: 5 }, [
    ['Dragash', 'Dragaš'], ['Restelicë', 'Restelica'], ['Brod', 'Brod'], ['Zym', 'Zjum'], ['Zaplluxhë', 'Zaplužje'],
    ['Bellobrad', 'Belobrad'], ['Blaç', 'Blač'],
  ]],
  [23, 'Suharekë', 'Suva Reka', 4, 60, 0.35, { albanian: 98, rae: 1.5, serbian: 0.5 }, [
    ['Suharekë', 'Suva Reka'], ['Mushtisht', 'Mušutište'], ['Studençan', 'Studenčane'], ['Samadraxhë', 'Samodraža'], ['Reshtan', 'Rečane'],
    ['Sopijë', 'Sopina'], ['Bllacë', 'Blace'], ['Gjinoc', 'Đinovce'], ['Tërrnje', 'Trnje'], ['Peqan', 'Pećane'],
  ]],
  [24, 'Malishevë', 'Mališevo', 4, 55, 0.2, { albanian: 99.8, rae: 0.2 }, [
    ['Malishevë', 'Mališevo'], ['Banjë', 'Banja'], ['Kijevë', 'Kijevo'], ['Bellanicë', 'Belanica'], ['Drenoc', 'Drenovac'],
    ['Turjakë', 'Turjak'], ['Pagarushë', 'Pagaruša'], ['Lladroc', 'Ladrovac'], ['Damanek', 'Damanek'],
  ]],
  [25, 'Mamushë', 'Mamuša', 4, 6, 1, { turkish: 93, albanian: 5, rae: 2 }, [
    ['Mamushë', 'Mamuša'],
  ]],
  [26, 'Ferizaj', 'Uroševac', 5, 109, 0.5, { albanian: 96, rae: 3.5, bosniak: 0.5 }, [
    ['Ferizaj', 'Uroševac'], ['Nerodime e Epërme', 'Gornje Nerodimlje'], ['Softaj', 'Softović'], ['Komogllavë', 'Komogllava'], ['Greme', 'Grebno'],
    ['Talinoc i Muhaxhirëve', 'Talinovac'], ['Gaçkë', 'Gatnje'], ['Jezerc', 'Jezerce'], ['Zllatar', 'Zlatare'], ['Sojevë', 'Sojevo'],
  ]],
  [27, 'Kaçanik', 'Kačanik', 5, 33, 0.35, { albanian: 99.5, bosniak: 0.5 }, [
    ['Kaçanik', 'Kačanik'], ['Stagovë', 'Stagovo'], ['Kovaçec', 'Kovačevac'], ['Doganaj', 'Doganović'], ['Ivajë', 'Ivaja'],
    ['Runjevë', 'Runjevo'], ['Kaçanik i Vjetër', 'Stari Kačanik'],
  ]],
  [28, 'Shtime', 'Štimlje', 5, 27, 0.3, { albanian: 98, rae: 2 }, [
    ['Shtime', 'Štimlje'], ['Petrovë', 'Petrovo'], ['Carralevë', 'Crnoljevo'], ['Reçak', 'Račak'], ['Belincë', 'Belince'], ['Rashincë', 'Rašinca'],
  ]],
  [29, 'Shtërpcë', 'Štrpce', 5, 13, 0.3, { serbian: 60, albanian: 40 }, [
    ['Shtërpcë', 'Štrpce'], ['Brezovicë', 'Brezovica'], ['Sevcë', 'Sevce'], ['Jazhincë', 'Jažince'], ['Gotovushë', 'Gotovuša'],
    ['Firajë', 'Firaja'], ['Vërbeshticë', 'Vrbeštica'],
  ]],
  [30, 'Hani i Elezit', 'Elez Han', 5, 10, 0.6, { albanian: 99.5, bosniak: 0.5 }, [
    ['Hani i Elezit', 'Elez Han'], ['Dimcë', 'Dimce'], ['Paldenicë', 'Paldenica'], ['Gorancë', 'Gorance'], ['Seçishtë', 'Sečište'],
  ]],
  [31, 'Gjilan', 'Gnjilane', 6, 90, 0.55, { albanian: 95, serbian: 2, turkish: 1, rae: 2 }, [
    ['Gjilan', 'Gnjilane'], ['Livoç i Epërm', 'Gornji Livoč'], ['Pogragjë', 'Pograđe'], ['Malishevë', 'Mališevo'], ['Zhegër', 'Žegra'],
    ['Velekincë', 'Velekince'], ['Dobërçan', 'Dobrčane'], ['Përlepnicë', 'Prilepnica'], ['Shillovë', 'Šilovo'],
  ]],
  [32, 'Kamenicë', 'Kamenica', 6, 36, 0.35, { albanian: 80, serbian: 18, rae: 2 }, [
    ['Kamenicë', 'Kamenica'], ['Koretin', 'Koretin'], ['Topanicë', 'Topanica'], ['Rogaçicë', 'Rogačica'], ['Bushincë', 'Bušince'], ['Dajkoc', 'Dajkovce'],
  ]],
  [33, 'Viti', 'Vitina', 6, 47, 0.3, { albanian: 98, serbian: 1, rae: 1 }, [
    ['Viti', 'Vitina'], ['Pozharan', 'Požaranje'], ['Letnicë', 'Letnica'], ['Binçë', 'Binač'], ['Gërmovë', 'Grmovo'],
    ['Smirë', 'Smira'], ['Ramjan', 'Ramnjane'],
  ]],
  [34, 'Ranillug', 'Ranilug', 6, 4, 0.4, { serbian: 95, albanian: 5 }, [
    ['Ranillug', 'Ranilug'], ['Ropotovë e Madhe', 'Veliko Ropotovo'], ['Glloboçicë', 'Globočica'], ['Bozhevc', 'Boževce'], ['Rajanoc', 'Rajanovce'],
  ]],
  [35, 'Partesh', 'Parteš', 6, 2, 0.6, { serbian: 99, albanian: 1 }, [
    ['Partesh', 'Parteš'], ['Pasjan', 'Pasjane'], ['Budrigë e Poshtme', 'Donja Budriga'],
  ]],
  [36, 'Kllokot', 'Klokot', 6, 3, 0.6, { serbian: 55, albanian: 44, rae: 1 }, [
    ['Kllokot', 'Klokot'], ['Vërboc', 'Vrbovac'], ['Mogillë', 'Mogila'],
  ]],
  [37, 'Gjakovë', 'Đakovica', 7, 95, 0.6, { albanian: 92, rae: 7.5, bosniak: 0.5 }, [
    ['Gjakovë', 'Đakovica'], ['Skivjan', 'Skivjane'], ['Rogovë', 'Rogovo'], ['Ponoshec', 'Ponoševac'], ['Bec', 'Bec'],
    ['Dobrosh', 'Dobroš'], ['Bishtazhin', 'Bištražin'], ['Osek Hyla', 'Osek Hilja'], ['Brekoc', 'Brekovac'], ['Smolicë', 'Smolica'],
  ]],
  [38, 'Rahovec', 'Orahovac', 7, 56, 0.35, { albanian: 97, rae: 2, serbian: 1 }, [
    ['Rahovec', 'Orahovac'], ['Xërxë', 'Zrze'], ['Celinë', 'Celina'], ['Hoçë e Madhe', 'Velika Hoča'], ['Krushë e Madhe', 'Velika Kruša'],
    ['Ratkoc', 'Ratkovac'], ['Opterushë', 'Opteruša'], ['Drenovc', 'Drenovac'], ['Bërnjakë', 'Brnjača'],
  ]],
];

/** Kosovo's 38 municipalities, codes 1..38 in a fixed order. */
export const MUNICIPALITIES: readonly Municipality[] = Object.freeze(
  ENTRIES.map(([code, nameSq, nameSr, region, population, urban, communities, settlements]) => {
    const mix = communities ?? MOSTLY_ALBANIAN;
    const serbianShare = (mix.serbian ?? 0) / Object.values(mix).reduce((sum, weight) => sum + weight, 0);
    return Object.freeze({ code, nameSq, nameSr, region, population, urban, communities: mix, serbianStreets: serbianShare > 0.5, settlements });
  }),
);

/** The seven regions' postal code bases: 10000 Prishtinë, 40000 Mitrovicë, ... */
const POSTAL_BASE: Readonly<Record<number, number>> = { 1: 10_000, 2: 40_000, 3: 30_000, 4: 20_000, 5: 70_000, 6: 60_000, 7: 50_000 };

/** The five-digit postal code of a municipality: its region's base plus 1000 per place in the region. */
export function postalCodeOf(municipality: Municipality): string {
  const rank = MUNICIPALITIES.filter((m) => m.region === municipality.region).findIndex((m) => m.code === municipality.code);
  return String(POSTAL_BASE[municipality.region]! + rank * 1000);
}

/** The id of a municipality's n-th settlement (0 = the main town): stable across seeds and sizes. */
export function settlementId(municipalityCode: number, index: number): number {
  return municipalityCode * 100 + index + 1;
}

/** The `komuna` rows. */
export function municipalityRows(): KomunaRow[] {
  return MUNICIPALITIES.map((m) => ({ kodi: m.code, emri_sq: m.nameSq, emri_sr: m.nameSr, rajoni: m.region }));
}

/** The `vendbanimi` rows: each municipality's main town, then its villages. */
export function settlementRows(): VendbanimiRow[] {
  return MUNICIPALITIES.flatMap((m) =>
    m.settlements.map(([nameSq, nameSr], index) => ({ id: settlementId(m.code, index), komuna_kodi: m.code, emri_sq: nameSq, emri_sr: nameSr })),
  );
}

/** Town streets: national figures and dates, as on Kosovo's street signs. */
export const ALBANIAN_TOWN_STREETS: readonly string[] = [
  'Rruga Nëna Terezë', 'Bulevardi Bill Klinton', 'Rruga Skënderbeu', 'Rruga Agim Ramadani', 'Rruga UÇK', 'Rruga Luan Haradinaj',
  'Rruga Garibaldi', 'Rruga Fehmi Agani', 'Rruga Adem Jashari', 'Rruga Ismail Qemali', 'Rruga Dëshmorët e Kombit', 'Rruga Zahir Pajaziti',
  'Rruga Rexhep Luci', 'Rruga Hasan Prishtina', 'Bulevardi Ibrahim Rugova', 'Rruga Gjergj Fishta', 'Rruga Naim Frashëri',
  'Rruga Sami Frashëri', 'Rruga Ali Kelmendi', 'Rruga Xhemajl Prishtina', 'Rruga Isa Boletini', 'Rruga Bajram Curri', 'Rruga Pashko Vasa',
  'Rruga Migjeni', 'Rruga Ukshin Hoti', 'Rruga Tirana', 'Rruga Rrustem Statovci', 'Rruga Eqrem Çabej', 'Rruga Lidhja e Prizrenit',
  'Rruga Shkupi', 'Rruga 28 Nëntori', 'Rruga Bedri Pejani', 'Rruga Mujo Ulqinaku', 'Rruga Idriz Seferi', 'Rruga Anton Çetta',
  'Rruga Fan Noli', 'Rruga Andrea Gropa', 'Rruga Ilir Konushevci', 'Rruga Fadil Hoxha', 'Rruga Hajdar Dushi', 'Rruga Azem Galica',
  'Rruga Shote Galica', 'Rruga Mbretëresha Teutë', 'Rruga Gazmend Zajmi', 'Rruga Nazim Gafurri', 'Rruga Ymer Prizreni', 'Rruga Ahmet Krasniqi',
  'Rruga Jusuf Gërvalla', 'Rruga Kadri Zeka', 'Rruga Bardhyl Çaushi', 'Rruga Ramiz Sadiku', 'Rruga Xhevdet Doda', 'Rruga Vëllezërit Frashëri',
];

/** Village streets. */
export const ALBANIAN_VILLAGE_STREETS: readonly string[] = [
  'Rruga Kryesore', 'Rruga e Shkollës', 'Rruga e Xhamisë', 'Rruga e Lumit', 'Rruga e Fushës', 'Rruga e Malit', 'Rruga e Varrezave',
  'Rruga Dëshmorët e Kombit', 'Rruga UÇK', 'Rruga Adem Jashari', 'Rruga e Krojeve', 'Rruga e Arave',
];

/** Streets in the municipalities where most people are Serbs. */
export const SERBIAN_TOWN_STREETS: readonly string[] = [
  'Ulica Kralja Petra I', 'Ulica Vuka Karadžića', 'Ulica Kneza Miloša', 'Ulica Cara Dušana', 'Nemanjina', 'Ulica Svetog Save',
  'Njegoševa', 'Ulica Kneza Lazara', 'Vidovdanska', 'Ulica Miloša Obilića', 'Ulica Desanke Maksimović', 'Ulica Ive Andrića',
  'Ulica Jovana Cvijića', 'Ulica Braće Jugovića', 'Ulica Filipa Višnjića', 'Ulica Žarka Zrenjanina',
];

export const SERBIAN_VILLAGE_STREETS: readonly string[] = [
  'Glavna ulica', 'Školska', 'Crkvena', 'Kosovska', 'Vidovdanska', 'Ulica Miloša Obilića', 'Seoski put', 'Rečna',
];
