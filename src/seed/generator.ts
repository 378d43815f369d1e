import { addYears, ageOn, dayOf, isoDate, timestamp, yearStart } from '../dates.js';
import type { AdresaRow } from '../sources/address/rows.js';
import type { FamilyLinkRow, IdDocumentRow, PersonRow, ResidenceRow } from '../sources/civil/rows.js';
import type { AutomjetRow, PatentaRow } from '../sources/vehicle/rows.js';
import { CompanyRegister } from './businessRegistry/companies.js';
import type { PerfaqesuesiRow, PronariRow, SubjektiRow } from './businessRegistry/rows.js';
import { DocumentOffice } from './documents.js';
import {
  ALBANIAN_TOWN_STREETS, ALBANIAN_VILLAGE_STREETS, MUNICIPALITIES, postalCodeOf, SERBIAN_TOWN_STREETS, SERBIAN_VILLAGE_STREETS,
  settlementId, type Community, type Municipality,
} from './municipalities.js';
import { NAME_BOOKS } from './names.js';
import { keyOf, Permutation, Random, WeightedTable } from './random.js';
import { LicenceOffice, VehicleOffice } from './vehicles.js';

/** What decides the generated registries: the same options always give the same rows. */
export interface GeneratorOptions {
  citizens: number;
  seed: number;
  /** 'YYYY-MM-DD': "today" for the data. */
  referenceDate: string;
  /** Persons per batch (default 5000): the most that sits in memory at once. */
  batchPersons?: number;
}

/** The rows of a run of consecutive households, for every table that grows with the population. */
export interface RegistryBatch {
  persons: PersonRow[];
  familyLinks: FamilyLinkRow[];
  idDocuments: IdDocumentRow[];
  residences: ResidenceRow[];
  addresses: AdresaRow[];
  vehicles: AutomjetRow[];
  drivingLicences: PatentaRow[];
  /** The business registry's rows: all in the last batch, once every person is known. */
  businessSubjects: SubjektiRow[];
  businessOwners: PronariRow[];
  businessRepresentatives: PerfaqesuesiRow[];
}

const FIRST_BIRTH_YEAR = 1930;
// The civil registry was rebuilt after 1999: registrations carried over start on its first day.
const REGISTRY_START = yearStart(2000);
// An open registration as the carried-over records write it (null) and as later ones do.
const OPEN_END = '9999-12-31';
// Where a household lived before its current address: nowhere else (it lived there when the registry
// began), one address before, or two.
const EARLIER_ADDRESSES = new WeightedTable<number>([[0, 35], [1, 45], [2, 20]]);

type HouseholdKind = 'family' | 'couple' | 'extended' | 'single' | 'widowed' | 'divorced';

const HOUSEHOLD_KINDS = new WeightedTable<HouseholdKind>([
  ['family', 50], ['couple', 13], ['extended', 10], ['single', 13], ['widowed', 9], ['divorced', 5],
]);
const CHILDREN = new WeightedTable<number>([[0, 4], [1, 18], [2, 30], [3, 25], [4, 14], [5, 6], [6, 3]]);
const MUNICIPALITY = new WeightedTable<Municipality>(MUNICIPALITIES.map((m) => [m, m.population]));
const COMMUNITIES = new Map<Municipality, WeightedTable<Community>>(
  MUNICIPALITIES.map((m) => [m, new WeightedTable(Object.entries(m.communities) as Array<[Community, number]>)]),
);
const POSTAL_CODES = new Map<Municipality, string>(MUNICIPALITIES.map((m) => [m, postalCodeOf(m)]));
const REGION_WEIGHTS: ReadonlyArray<readonly [number, number]> = [1, 2, 3, 4, 5, 6, 7].map((region) => [
  region,
  MUNICIPALITIES.filter((m) => m.region === region).reduce((sum, m) => sum + m.population, 0),
]);

// A person while their household is being put together; becomes a `person` row.
interface Member {
  sex: 'M' | 'F';
  birth: number;
  community: Community;
  firstName: string;
  lastName: string;
  father: Member | null;
  mother: Member | null;
  spouse: Member | null;
  /** Father's name when the father is not in the registry. */
  unlinkedFatherName: string | null;
  marital: 'S' | 'M' | 'D' | 'W';
  status: 'A' | 'D' | 'E';
  death: number | null;
  /** The day an emigrant was struck off their address. */
  emigrated: number | null;
  birthMunicipality: number;
  personalNo: string;
}

// The house numbers handed out so far on one street of one settlement.
interface StreetState {
  lastNumber: number;
  suffix: number;
  building: { numri: string; nextApartment: number; apartmentsLeft: number } | null;
}

/**
 * Generates the registries household by household: couples with their children, three
 * generations, singles, the divorced and the widowed, each household at its own address, with the
 * documents, vehicles and licences its members hold. Yields a batch every `batchPersons` persons,
 * so the whole country never sits in memory.
 */
export function* generateBatches(options: GeneratorOptions): Generator<RegistryBatch> {
  yield* new PopulationGenerator(options).batches();
}

class PopulationGenerator {
  private readonly reference: number;
  private readonly firstBirth: number;
  private readonly people: Random;
  private readonly places: Random;
  private readonly personalNumbers: Permutation;
  private readonly documents: DocumentOffice;
  private readonly vehicleOffice: VehicleOffice;
  private readonly licences: LicenceOffice;
  private readonly moves: Random;
  private readonly companies: CompanyRegister;
  private readonly streets = new Map<string, StreetState>();
  // The addresses made so far in each municipality, where households moved from.
  private readonly addressesIn = new Map<number, number[]>();
  private persons = 0;
  private addresses = 0;
  private registrations = 0;
  private batch: RegistryBatch = emptyBatch();

  constructor(private readonly options: GeneratorOptions) {
    const { seed, citizens } = options;
    this.reference = dayOf(options.referenceDate);
    this.firstBirth = yearStart(FIRST_BIRTH_YEAR);
    // Independent streams, so that a change in how vehicles are drawn leaves the people as they are.
    this.people = Random.of(seed, 0);
    this.places = Random.of(seed, 1);
    this.personalNumbers = new Permutation(9_000_000_000, keyOf(seed, 'personal-number'));
    this.documents = new DocumentOffice(seed, Random.of(seed, 2), this.reference);
    this.vehicleOffice = new VehicleOffice(seed, citizens, REGION_WEIGHTS, Random.of(seed, 3), this.reference);
    this.licences = new LicenceOffice(seed, Random.of(seed, 4), this.reference);
    this.moves = Random.of(seed, 5);
    this.companies = new CompanyRegister(seed, citizens, Random.of(seed, 6), this.reference);
  }

  *batches(): Generator<RegistryBatch> {
    const batchPersons = this.options.batchPersons ?? 5000;
    while (this.persons < this.options.citizens) {
      this.household(this.options.citizens - this.persons);
      if (this.batch.persons.length >= batchPersons) {
        yield this.batch;
        this.batch = emptyBatch();
      }
    }
    const { subjects, owners, representatives } = this.companies.register(this.addresses);
    Object.assign(this.batch, { businessSubjects: subjects, businessOwners: owners, businessRepresentatives: representatives });
    yield this.batch;
  }

  private household(room: number): void {
    const random = this.people;
    const municipality = random.weighted(MUNICIPALITY);
    const community = random.weighted(COMMUNITIES.get(municipality)!);
    // The last few places are filled by people living alone, so the count comes out exact.
    const kind = room < 6 ? 'single' : random.weighted(HOUSEHOLD_KINDS);
    const members = this.members(kind, community, municipality).slice(0, room);
    this.lifeEvents(members);

    const settlement = random.chance(municipality.urban) || municipality.settlements.length === 1
      ? 0
      : random.int(1, municipality.settlements.length - 1);
    // About 2% of households have no registered address.
    const addressId = random.chance(0.02) ? null : this.address(municipality, settlement, this.places.chance(0.995));
    if (this.places.chance(0.04)) this.address(municipality, settlement, this.places.chance(0.7));

    for (const member of members) member.personalNo = String(1_000_000_000 + this.personalNumbers.at(this.persons++));
    for (const member of members) this.emit(member, addressId, municipality.region);
    if (addressId !== null) this.registerResidences(members, addressId, municipality);
  }

  /**
   * The household's registrations: at its current address since it moved in, and before that at one
   * or two earlier addresses, in the same municipality or another. Each member is registered from
   * birth (or the registry's first day) until death or emigration; the household moved before any
   * member died or left, so that the deceased's last registration is the address they keep.
   */
  private registerResidences(members: readonly Member[], addressId: number, municipality: Municipality): void {
    const random = this.moves;
    for (const member of members) {
      if (member.status !== 'E') continue;
      const earliest = Math.min(Math.max(addYears(member.birth, 18), this.reference - 15 * 365, REGISTRY_START), this.reference - 1);
      member.emigrated = random.int(earliest, this.reference - 1);
    }
    const leavings = members.flatMap((member) => [member.death, member.emigrated]).filter((day): day is number => day !== null);
    const latestMove = Math.min(this.reference, ...leavings);
    // Addresses with the day each starts, the first on the registry's first day.
    const periods: Array<{ addressId: number; from: number }> = [];
    const previous = Array.from({ length: random.weighted(EARLIER_ADDRESSES) }, () => this.earlierAddress(municipality, addressId));
    if (previous.length > 0 && !previous.includes(null) && latestMove - REGISTRY_START > 2 * previous.length) {
      const moves = previous.map(() => random.int(REGISTRY_START + 1, latestMove)).sort((a, b) => a - b);
      const starts = [REGISTRY_START, ...moves];
      previous.forEach((earlierId, index) => {
        if (starts[index]! < starts[index + 1]!) periods.push({ addressId: earlierId!, from: starts[index]! });
      });
      periods.push({ addressId, from: moves[moves.length - 1]! });
    } else {
      periods.push({ addressId, from: REGISTRY_START });
    }
    for (const member of members) {
      const end = member.death ?? member.emigrated;
      const endCode = member.death !== null ? 'D' : member.emigrated !== null ? 'E' : null;
      periods.forEach((period, index) => {
        const from = Math.max(period.from, member.birth);
        const next = periods[index + 1];
        const to = next === undefined ? end : Math.min(next.from - 1, end ?? next.from - 1);
        if (to !== null && to < from) return;
        const closedByMove = next !== undefined && (end === null || next.from - 1 < end);
        this.batch.residences.push({
          reg_no: ++this.registrations,
          personal_no: member.personalNo,
          address_id: period.addressId,
          reg_from: isoDate(from),
          reg_to: to === null ? (from === REGISTRY_START ? null : OPEN_END) : isoDate(to),
          // Some moves carried over from the old registry lost their code.
          end_code: to === null ? null : closedByMove ? (from === REGISTRY_START && random.chance(0.05) ? ' ' : 'M') : endCode,
        });
      });
    }
  }

  // An address made before other than `current`, in the same municipality more often than not; null
  // when the draw found none.
  private earlierAddress(municipality: Municipality, current: number): number | null {
    const random = this.moves;
    const here = this.addressesIn.get(municipality.code) ?? [];
    const drawn = here.length > 0 && random.chance(0.6) ? here[random.int(0, here.length - 1)]! : random.int(1, this.addresses);
    return drawn === current ? null : drawn;
  }

  private members(kind: HouseholdKind, community: Community, municipality: Municipality): Member[] {
    const random = this.people;
    const reference = this.reference;
    switch (kind) {
      case 'single': {
        const person = this.person(random.chance(0.55) ? 'M' : 'F', this.birthAtAge(19, 85), community, municipality);
        return [person];
      }
      case 'couple': {
        const [husband, wife] = random.chance(0.5) ? this.couple(23, 35, community, municipality) : this.couple(55, 88, community, municipality);
        return [husband, wife];
      }
      case 'family': {
        const [husband, wife] = this.couple(24, 62, community, municipality);
        return [husband, wife, ...this.children(husband, wife, random.weighted(CHILDREN), municipality)];
      }
      case 'extended': {
        const [husband, wife] = this.couple(28, 55, community, municipality);
        const elders: Member[] = [];
        const grandmotherBirth = addYears(husband.birth, -random.int(20, 35)) - random.int(0, 364);
        if (grandmotherBirth >= this.firstBirth) {
          const grandmother = this.person('F', grandmotherBirth, community, municipality);
          const grandfather = this.person('M', Math.max(this.firstBirth, addYears(grandmotherBirth, -random.int(0, 6)) - random.int(0, 364)), community, municipality);
          // The family name passes from the grandfather to his son.
          grandfather.lastName = husband.lastName;
          if (random.chance(0.85)) grandmother.lastName = husband.lastName;
          husband.mother = grandmother;
          if (random.chance(0.35)) {
            marry(grandfather, grandmother);
            husband.father = grandfather;
            elders.push(grandmother, grandfather);
          } else if (random.chance(0.8)) {
            // The grandfather has died: his record stays, his widow has no spouse link.
            grandmother.marital = 'W';
            grandfather.marital = 'M';
            grandfather.status = 'D';
            husband.father = grandfather;
            elders.push(grandmother, grandfather);
          } else {
            grandmother.marital = 'W';
            elders.push(grandmother);
          }
        }
        return [husband, wife, ...elders, ...this.children(husband, wife, random.weighted(CHILDREN), municipality)];
      }
      case 'widowed': {
        const [husband, wife] = this.couple(58, 95, community, municipality);
        const children = this.children(husband, wife, random.int(0, 2), municipality).filter((child) => ageOn(child.birth, reference) >= 18);
        const survivor = random.chance(0.7) ? wife : husband;
        const deceased = survivor === wife ? husband : wife;
        divorceOrWidow(survivor, deceased, 'W');
        survivor.marital = 'W';
        if (random.chance(0.75)) {
          deceased.status = 'D';
          deceased.marital = 'M';
          return [survivor, deceased, ...children];
        }
        for (const child of children) {
          if (child.father === deceased) child.father = null;
          if (child.mother === deceased) child.mother = null;
          if (deceased.sex === 'M') child.unlinkedFatherName = deceased.firstName.trim();
        }
        return [survivor, ...children];
      }
      case 'divorced': {
        const [husband, wife] = this.couple(27, 65, community, municipality);
        const children = this.children(husband, wife, random.weighted(CHILDREN) > 2 ? 2 : random.int(0, 2), municipality);
        const parent = random.chance(0.6) ? wife : husband;
        const other = parent === wife ? husband : wife;
        divorceOrWidow(parent, other, 'D');
        for (const child of children) {
          if (child.father === other) child.father = null;
          if (child.mother === other) child.mother = null;
          if (other.sex === 'M') child.unlinkedFatherName = other.firstName.trim();
        }
        return [parent, ...children];
      }
    }
  }

  private couple(minAge: number, maxAge: number, community: Community, municipality: Municipality): [Member, Member] {
    const random = this.people;
    const husbandAge = random.triangular(minAge, maxAge);
    const husband = this.person('M', this.birthAtAge(husbandAge, husbandAge), community, municipality);
    const wifeAge = Math.max(19, husbandAge - random.int(-1, 7));
    const wife = this.person('F', this.birthAtAge(wifeAge, wifeAge), community, municipality);
    if (random.chance(0.85)) wife.lastName = husband.lastName;
    marry(husband, wife);
    return [husband, wife];
  }

  private children(father: Member, mother: Member, count: number, municipality: Municipality): Member[] {
    const random = this.people;
    // Children still at home: born to a mother of 19 to 44, none older than 30.
    const earliest = Math.max(addYears(mother.birth, 19), addYears(this.reference, -30));
    const latest = Math.min(addYears(mother.birth, 44), this.reference);
    if (earliest > latest) return [];
    const births: number[] = [];
    for (let i = 0; i < count; i++) births.push(random.int(earliest, latest));
    births.sort((a, b) => a - b);
    const children: Member[] = [];
    for (const birth of births) {
      const child = this.person(random.chance(0.51) ? 'M' : 'F', birth, father.community, municipality, 0.92);
      // Siblings get different names.
      for (let tries = 0; tries < 5 && children.some((sibling) => sibling.firstName.trim() === child.firstName.trim()); tries++) {
        child.firstName = this.firstName(child.sex, child.community);
      }
      child.lastName = father.lastName;
      child.father = father;
      child.mother = mother;
      children.push(child);
    }
    return children;
  }

  private person(sex: 'M' | 'F', birth: number, community: Community, municipality: Municipality, bornHere = 0.75): Member {
    const random = this.people;
    const names = NAME_BOOKS[community];
    return {
      sex,
      birth,
      community,
      firstName: this.firstName(sex, community),
      lastName: random.pick(names.family),
      father: null,
      mother: null,
      spouse: null,
      unlinkedFatherName: random.chance(0.05) ? null : random.pick(names.male),
      marital: 'S',
      status: 'A',
      death: null,
      emigrated: null,
      birthMunicipality: random.chance(bornHere) ? municipality.code : random.weighted(MUNICIPALITY).code,
      personalNo: '',
    };
  }

  private firstName(sex: 'M' | 'F', community: Community): string {
    const names = NAME_BOOKS[community];
    const name = this.people.pick(sex === 'M' ? names.male : names.female);
    // Legacy quirk: a few first names were keyed with a trailing blank.
    return this.people.chance(0.004) ? `${name} ` : name;
  }

  private birthAtAge(minAge: number, maxAge: number): number {
    const age = this.people.int(minAge, maxAge);
    const birth = addYears(this.reference, -age) - this.people.int(0, 364);
    return Math.max(this.firstBirth, birth);
  }

  // Deaths and emigration, decided after the household is put together so relations stay consistent.
  private lifeEvents(members: Member[]): void {
    const random = this.people;
    for (const member of members) {
      if (member.status !== 'A') continue;
      const age = ageOn(member.birth, this.reference);
      if (random.chance(deathProbability(age))) {
        member.status = 'D';
        if (member.spouse) {
          const survivor = member.spouse;
          divorceOrWidow(survivor, member, 'W');
          survivor.marital = 'W';
          member.marital = 'M';
        }
      } else if (age >= 18 && age <= 55 && random.chance(member.father || member.mother ? 0.22 : member.spouse ? 0.02 : 0.12)) {
        member.status = 'E';
      }
    }
    for (const member of members) {
      if (member.status !== 'D') continue;
      // After their youngest child's birth, mostly within the last twenty years.
      let earliest = member.birth + 1;
      for (const other of members) if (other.father === member || other.mother === member) earliest = Math.max(earliest, other.birth);
      const recent = Math.max(earliest, addYears(this.reference, -20));
      member.death = random.int(recent <= this.reference ? recent : earliest, this.reference);
    }
  }

  private emit(member: Member, addressId: number | null, region: number): void {
    const random = this.people;
    const batch = this.batch;
    const lastEvent = member.death ?? member.birth;
    const updatedDay = lastEvent >= this.reference ? this.reference : random.int(Math.max(lastEvent, this.reference - 3650), this.reference - 1);
    batch.persons.push({
      personal_no: member.personalNo,
      first_name: member.firstName,
      last_name: member.lastName,
      father_name: member.father ? member.father.firstName.trim() : member.unlinkedFatherName,
      sex: member.sex,
      birth_date: isoDate(member.birth),
      birth_municipality: member.birthMunicipality,
      marital_status: member.marital,
      status: member.status,
      death_date: member.death === null ? null : isoDate(member.death),
      // Emigrants are struck off their address; the deceased keep their last one.
      address_id: member.status === 'E' ? null : addressId,
      updated_at: timestamp(updatedDay, random.int(6 * 3600, 18 * 3600)),
    });
    if (member.father) batch.familyLinks.push({ personal_no: member.personalNo, related_no: member.father.personalNo, relation: 'F' });
    if (member.mother) batch.familyLinks.push({ personal_no: member.personalNo, related_no: member.mother.personalNo, relation: 'M' });
    if (member.spouse) batch.familyLinks.push({ personal_no: member.personalNo, related_no: member.spouse.personalNo, relation: 'S' });

    this.documents.issue({ personalNo: member.personalNo, birth: member.birth, status: member.status, death: member.death }, batch.idDocuments);
    if (member.status === 'A' && ageOn(member.birth, this.reference) >= 21) {
      this.companies.offer({ personalNo: member.personalNo, firstName: member.firstName, lastName: member.lastName });
    }
    if (member.status === 'A' && ageOn(member.birth, this.reference) >= 18) {
      const driver = { personalNo: member.personalNo, birth: member.birth, sex: member.sex, region: addressId === null ? null : region };
      this.vehicleOffice.register(driver, batch.vehicles);
      this.licences.issue(driver, batch.drivingLicences);
    }
  }

  private address(municipality: Municipality, settlement: number, active: boolean): number {
    const random = this.places;
    const town = settlement === 0;
    const streets = municipality.serbianStreets
      ? (town ? SERBIAN_TOWN_STREETS : SERBIAN_VILLAGE_STREETS)
      : (town ? ALBANIAN_TOWN_STREETS : ALBANIAN_VILLAGE_STREETS);
    const street = random.pick(streets);
    const id = settlementId(municipality.code, settlement);
    const key = `${id}|${street}`;
    let state = this.streets.get(key);
    if (!state) {
      state = { lastNumber: 0, suffix: 0, building: null };
      this.streets.set(key, state);
    }
    let numri: string;
    let banesa: string | null = null;
    if (random.chance(town ? 0.45 : 0.03)) {
      // Flats: fill the street's current block before a new one is built.
      if (!state.building || state.building.apartmentsLeft === 0 || random.chance(0.15)) {
        state.building = { numri: this.houseNumber(state), nextApartment: 1, apartmentsLeft: random.int(6, 40) };
      }
      numri = state.building.numri;
      banesa = String(state.building.nextApartment++);
      state.building.apartmentsLeft--;
    } else {
      numri = this.houseNumber(state);
    }
    this.batch.addresses.push({
      id: ++this.addresses,
      vendbanimi_id: id,
      rruga: street,
      numri,
      banesa,
      kodi_postar: POSTAL_CODES.get(municipality)!,
      aktive: active,
    });
    let made = this.addressesIn.get(municipality.code);
    if (!made) this.addressesIn.set(municipality.code, (made = []));
    made.push(this.addresses);
    return this.addresses;
  }

  // House numbers rise along the street; now and then a house is added beside one ('12A', '12B').
  private houseNumber(state: StreetState): string {
    const random = this.places;
    if (state.lastNumber > 0 && state.suffix < 3 && random.chance(0.07)) {
      state.suffix++;
      return `${state.lastNumber}${'ABC'[state.suffix - 1]}`;
    }
    state.lastNumber += random.int(1, 3);
    state.suffix = 0;
    return String(state.lastNumber);
  }
}

function marry(husband: Member, wife: Member): void {
  husband.spouse = wife;
  wife.spouse = husband;
  husband.marital = 'M';
  wife.marital = 'M';
}

// Ends a marriage in the register: no spouse links any more, and the marital status says why.
function divorceOrWidow(person: Member, former: Member, status: 'D' | 'W'): void {
  person.spouse = null;
  former.spouse = null;
  person.marital = status;
  former.marital = status;
}

function deathProbability(age: number): number {
  if (age < 1) return 0;
  if (age < 40) return 0.003;
  if (age < 60) return 0.02;
  if (age < 70) return 0.07;
  if (age < 80) return 0.18;
  return 0.35;
}

function emptyBatch(): RegistryBatch {
  return {
    persons: [], familyLinks: [], idDocuments: [], residences: [], addresses: [], vehicles: [], drivingLicences: [],
    businessSubjects: [], businessOwners: [], businessRepresentatives: [],
  };
}
