import iconv from 'iconv-lite';
import { legacyDate } from '../../dates.js';
import { keyOf, Permutation, type Random, WeightedTable } from '../random.js';
import type { BusinessRegistryRows, PronariRow } from './rows.js';

/** How many companies run vehicle fleets in a population of `citizens`: each owns some of the vehicles registered to companies. */
export function fleetCompanies(citizens: number): number {
  return Math.max(20, Math.ceil(citizens / 150));
}

/** The business numbers of a seed, by running index: nine digits starting 81, unique and not in sequence. */
export class BusinessNumbers {
  readonly #numbers: Permutation;

  constructor(seed: number) {
    this.#numbers = new Permutation(10_000_000, keyOf(seed, 'business-number'));
  }

  at(index: number): string {
    return `81${String(this.#numbers.at(index)).padStart(7, '0')}`;
  }
}

/** A living adult who may found or run a business. */
export interface Founder {
  personalNo: string;
  firstName: string;
  lastName: string;
}

type LegalForm = 'BI' | 'OP' | 'SHK' | 'SHPK' | 'SHA';

// Fleets are run by companies; the other businesses are mostly individual ones.
const FLEET_FORMS = new WeightedTable<LegalForm>([['SHPK', 65], ['SHA', 15], ['OP', 10], ['SHK', 10]]);
const OTHER_FORMS = new WeightedTable<LegalForm>([['BI', 58], ['SHPK', 30], ['OP', 5], ['SHK', 4], ['SHA', 3]]);
const STATUS = new WeightedTable<string>([['REGJISTRUAR', 86], ['PEZULLUAR', 5], ['SHUAR', 9]]);
const TRADES = ['TRANS', 'COMMERCE', 'GROUP', 'KONSTRUKSION', 'PETROL', 'AUTO', 'TEX', 'FARM', 'TECH', 'IMPEX', 'BAU', 'MARKET', 'LOGISTIK', 'PRINT'];
const SUFFIX: Record<LegalForm, string> = { BI: '', OP: 'O.P.', SHK: 'SH.K.', SHPK: 'SH.P.K.', SHA: 'SH.A.' };
// Businesses registered since the registry began, mostly in the last fifteen years.
const FIRST_REGISTRATION = Date.UTC(2000, 0, 1) / 86_400_000;
// The share of names with a letter beyond ASCII that an old import stored twice-encoded.
const TWICE_ENCODED = 0.05;

/**
 * Collects living adults as the population is generated, and then registers the businesses: the
 * vehicle fleets' companies first (so that every company owning a vehicle exists), then individual
 * businesses and small companies, with owners (people, and for some companies an older company),
 * shares adding up to 100, representatives, a seat and a status.
 */
export class CompanyRegister {
  readonly #founders: Founder[] = [];
  readonly #numbers: BusinessNumbers;

  constructor(
    seed: number,
    private readonly citizens: number,
    private readonly random: Random,
    private readonly reference: number,
  ) {
    this.#numbers = new BusinessNumbers(seed);
  }

  /** Offers a living adult; about one in seventy runs a business. */
  offer(founder: Founder): void {
    if (this.random.chance(1 / 70)) this.#founders.push(founder);
  }

  /** The businesses, their owners and representatives, with seats among the addresses `1..addresses`. */
  register(addresses: number): BusinessRegistryRows {
    const random = this.random;
    const rows: BusinessRegistryRows = { subjects: [], owners: [], representatives: [] };
    const fleets = fleetCompanies(this.citizens);
    const total = fleets + Math.ceil(this.citizens / 60);
    const founder = () => (this.#founders.length > 0 ? random.pick(this.#founders) : null);
    for (let index = 0; index < total; index++) {
      const number = this.#numbers.at(index);
      const form = random.weighted(index < fleets ? FLEET_FORMS : OTHER_FORMS);
      const drawn = [founder(), ...(form === 'BI' ? [] : Array.from({ length: random.int(0, form === 'SHA' ? 3 : 2) }, founder))];
      // The same person drawn twice owns once.
      const people = [...new Map(drawn.flatMap((person) => (person ? [[person.personalNo, person] as const] : []))).values()];
      const owners: Array<Omit<PronariRow, 'pjesa' | 'nr_biznesit'>> = people.map((person) => ({ lloji: 'F', nr_pronarit: person.personalNo }));
      // Some companies are owned in part by an older company.
      if (form !== 'BI' && index > 0 && random.chance(form === 'SHA' ? 0.4 : 0.12)) owners.push({ lloji: 'J', nr_pronarit: this.#numbers.at(random.int(0, index - 1)) });
      const shares = sharesOf(owners.length, random);
      owners.forEach((owner, at) => rows.owners.push({ nr_biznesit: number, ...owner, pjesa: shares[at]! }));
      // The first owner runs it, or a director from outside; a few have a second representative.
      const director = people[0] && random.chance(0.8) ? people[0] : founder();
      if (director) rows.representatives.push({ nr_biznesit: number, nr_personal: director.personalNo, roli: 'DREJTOR' });
      const second = random.chance(0.15) ? founder() : null;
      if (second && second.personalNo !== director?.personalNo) rows.representatives.push({ nr_biznesit: number, nr_personal: second.personalNo, roli: 'PERFAQESUES' });
      rows.subjects.push({
        nr_biznesit: number,
        emri: legacyName(nameOf(form, people, random), random),
        forma: form,
        // A fleet still registers its vehicles: its company is in business.
        statusi: index < fleets ? 'REGJISTRUAR' : random.weighted(STATUS),
        data_regj: slashedDate(random.int(FIRST_REGISTRATION, this.reference - 30)),
        adresa_id: addresses > 0 && random.chance(0.97) ? random.int(1, addresses) : null,
      });
    }
    return rows;
  }
}

// What the registry calls a business: its founder's family name with a trade, and its legal form.
function nameOf(form: LegalForm, people: readonly Founder[], random: Random): string {
  const [first, second] = people;
  if (form === 'BI') return first ? `B.I. ${first.firstName.trim()} ${first.lastName}` : `B.I. ${random.pick(TRADES)}`;
  const family = form === 'OP' && first && second ? `${first.lastName} & ${second.lastName}` : (first?.lastName ?? random.pick(TRADES));
  return `${family} ${random.pick(TRADES)} ${SUFFIX[form]}`;
}

// Upper case, as the registry writes names; now and then twice-encoded, as an old import left them.
function legacyName(name: string, random: Random): string {
  const upper = name.toUpperCase();
  if (!/[^\x00-\x7F]/.test(upper) || !random.chance(TWICE_ENCODED)) return upper;
  // Its UTF-8 bytes read as Windows-1252, the old system's code page.
  return iconv.decode(Buffer.from(upper, 'utf8'), 'win1252');
}

// Shares in hundredths of a percent adding up to 100, written with a decimal comma: '33,34'.
function sharesOf(owners: number, random: Random): string[] {
  if (owners === 0) return [];
  const weights = Array.from({ length: owners }, () => 1 + random.int(0, 3));
  const sum = weights.reduce((total, weight) => total + weight, 0);
  const hundredths = weights.map((weight) => Math.floor((weight * 10_000) / sum));
  hundredths[0]! += 10_000 - hundredths.reduce((total, part) => total + part, 0);
  return hundredths.map((part) => `${Math.floor(part / 100)},${String(part % 100).padStart(2, '0')}`);
}

// The registry's dates: 'dd/MM/yyyy'.
function slashedDate(day: number): string {
  return legacyDate(day).replaceAll('.', '/');
}
