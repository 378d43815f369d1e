import { addYears, ageOn, legacyDate, yearOf, yearStart } from '../dates.js';
import type { AutomjetRow, PatentaRow } from '../sources/vehicle/rows.js';
import { keyOf, Permutation, Random, WeightedTable } from './random.js';
import { BusinessNumbers, fleetCompanies } from './businessRegistry/companies.js';
import {
  COLOURS, LICENCE_CATEGORIES, PLATE_LETTERS, VEHICLE_MODELS, VIN_ALPHABET, vinCheckDigit, vinYearCode, type VehicleModel,
} from './vehicleCatalogue.js';

/** A living adult the vehicle registry serves. */
export interface Driver {
  readonly personalNo: string;
  /** day number */
  readonly birth: number;
  readonly sex: 'M' | 'F';
  /** Region 1..7 of the person's address, null without an address. */
  readonly region: number | null;
}

const PLATES_PER_REGION = 999 * PLATE_LETTERS.length * PLATE_LETTERS.length;
const STATUS = new WeightedTable<string>([['AKTIV', 90], ['CREGJ', 7], ['VJEDHUR', 3]]);
const LICENCE_STATUS = new WeightedTable<string>([['AKTIVE', 94], ['PEZULLUAR', 4], ['REVOKUAR', 2]]);
const COLOUR = new WeightedTable(COLOURS);
const CATEGORIES = new WeightedTable(LICENCE_CATEGORIES);
const PRIVATE_MODELS = new WeightedTable<VehicleModel>(VEHICLE_MODELS.map((model) => [model, model.privateWeight]));
const FLEET_MODELS = new WeightedTable<VehicleModel>(VEHICLE_MODELS.map((model) => [model, model.fleetWeight]));
// Kosovo registered its vehicles anew from 2000 on.
const FIRST_REGISTRATION_YEAR = 2000;

/**
 * Registers vehicles: about one per three adults, a tenth of them in company fleets; plates carry the
 * owner's region and are unique per region; VINs carry a real check digit and a unique serial.
 */
export class VehicleOffice {
  private readonly plates: Permutation[];
  private readonly platesIssued: number[];
  private readonly serials: Permutation;
  private readonly companies: BusinessNumbers;
  private readonly companyCount: number;
  private readonly regions: WeightedTable<number>;
  private readonly fuels = new Map<VehicleModel, WeightedTable<string>>();
  private readonly referenceYear: number;
  private vehicles = 0;

  constructor(seed: number, citizens: number, regionWeights: ReadonlyArray<readonly [number, number]>, private readonly random: Random, private readonly reference: number) {
    this.plates = Array.from({ length: 8 }, (_, region) => new Permutation(PLATES_PER_REGION, keyOf(seed, `plate-${region}`)));
    this.platesIssued = new Array<number>(8).fill(0);
    this.serials = new Permutation(VIN_ALPHABET.length * 1_000_000, keyOf(seed, 'vin'));
    this.companies = new BusinessNumbers(seed);
    this.companyCount = fleetCompanies(citizens);
    this.regions = new WeightedTable(regionWeights);
    this.referenceYear = yearOf(reference);
    for (const model of VEHICLE_MODELS) this.fuels.set(model, new WeightedTable(Object.entries(model.fuels)));
  }

  /** Appends the vehicles `driver` owns, and now and then a company's vehicle registered alongside. */
  register(driver: Driver, out: AutomjetRow[]): void {
    const random = this.random;
    if (!random.chance(driver.sex === 'M' ? 0.42 : 0.17)) return;
    const owned = random.chance(0.14) ? 2 : 1;
    for (let i = 0; i < owned; i++) {
      out.push(this.vehicle('F', driver.personalNo, driver.region ?? random.weighted(this.regions), PRIVATE_MODELS));
      if (random.chance(1 / 9)) this.registerCompanyVehicle(out);
    }
  }

  private registerCompanyVehicle(out: AutomjetRow[]): void {
    // A few large fleets and many small ones.
    const company = Math.floor(this.companyCount * this.random.float() ** 2);
    out.push(this.vehicle('J', this.companies.at(company), this.random.weighted(this.regions), FLEET_MODELS));
  }

  private vehicle(ownerKind: 'F' | 'J', owner: string, region: number, models: WeightedTable<VehicleModel>): AutomjetRow {
    const random = this.random;
    const model = random.weighted(models);
    const age = ownerKind === 'J' ? random.triangular(0, 16) : random.triangular(0, 30);
    const year = Math.max(model.fromYear, Math.min(model.toYear, this.referenceYear - age));
    let fuel = random.weighted(this.fuels.get(model)!);
    if (fuel === 'H' && year < 2012 && model.make !== 'Toyota') fuel = 'B';
    const status = random.weighted(STATUS);
    const firstDay = Math.min(Math.max(yearStart(year), yearStart(FIRST_REGISTRATION_YEAR)), this.reference - 1);
    const registered = random.int(firstDay, this.reference - 1);
    const id = ++this.vehicles;
    return {
      ID: id,
      TARGA: this.plate(region),
      SHASIA: this.vin(model, year, id - 1),
      MARKA: this.blankTail(model.make, 0.02),
      MODELI: this.blankTail(model.model, 0.02),
      VITI: year,
      NGJYRA: this.blankTail(random.weighted(COLOUR), 0.02),
      KARBURANTI: fuel,
      LLOJI_PRONARIT: ownerKind,
      PRONARI: owner,
      DATA_REGJ: this.registrationDate(registered),
      SKADON: this.expiry(status, registered),
      STATUSI: status,
    };
  }

  private plate(region: number): string {
    const issued = this.platesIssued[region]!;
    if (issued >= PLATES_PER_REGION) throw new Error(`Region ${region} has no plate numbers left`);
    this.platesIssued[region] = issued + 1;
    const value = this.plates[region]!.at(issued);
    const letters = PLATE_LETTERS.length;
    const digits = String(1 + Math.floor(value / (letters * letters))).padStart(3, '0');
    const pair = value % (letters * letters);
    return `0${region}-${digits}-${PLATE_LETTERS[Math.floor(pair / letters)]}${PLATE_LETTERS[pair % letters]}`;
  }

  private vin(model: VehicleModel, year: number, index: number): string {
    const random = this.random;
    // Descriptor section: letters and digits, as manufacturers encode body and engine.
    let descriptor = '';
    for (let i = 0; i < 5; i++) descriptor += VIN_ALPHABET[random.int(0, VIN_ALPHABET.length - 1)];
    const serial = this.serials.at(index);
    const plant = VIN_ALPHABET[Math.floor(serial / 1_000_000)]!;
    const tail = `${vinYearCode(year)}${plant}${String(serial % 1_000_000).padStart(6, '0')}`;
    const draft = `${model.wmi}${descriptor}0${tail}`;
    return `${model.wmi}${descriptor}${vinCheckDigit(draft)}${tail}`;
  }

  private registrationDate(registered: number): string {
    // Legacy quirks: dates lost on migration ('' or zeros) and a few impossible ones typed by hand.
    const roll = this.random.float();
    if (roll < 0.004) return '';
    if (roll < 0.008) return '00.00.0000';
    if (roll < 0.01) return `${this.random.pick(['31.02', '30.02', '31.04', '31.06', '31.09', '31.11'])}.${yearOf(registered)}`;
    return legacyDate(registered);
  }

  private expiry(status: string, registered: number): string {
    const random = this.random;
    const reference = this.reference;
    if (status === 'AKTIV') {
      // Registration is renewed yearly: an active vehicle's runs out within a year of today.
      const expiry = random.int(reference - 60, reference + 364);
      return legacyDate(expiry > registered ? expiry : addYears(registered, 1));
    }
    if (status === 'CREGJ') {
      if (random.chance(0.03)) return '';
      const expiry = random.int(addYears(reference, -4), reference - 1);
      return legacyDate(expiry > registered ? expiry : Math.min(addYears(registered, 1), reference - 1));
    }
    const expiry = random.int(addYears(reference, -2), reference + 300);
    return legacyDate(expiry > registered ? expiry : addYears(registered, 1));
  }

  private blankTail(value: string, probability: number): string {
    return this.random.chance(probability) ? `${value}${this.random.chance(0.5) ? ' ' : '   '}` : value;
  }
}

/** Issues driving licences to about 55% of living adults, ten years valid, with the register's typing quirks. */
export class LicenceOffice {
  private readonly numbers: Permutation;
  private issued = 0;

  constructor(seed: number, private readonly random: Random, private readonly reference: number) {
    this.numbers = new Permutation(100_000_000, keyOf(seed, 'driving-licence'));
  }

  /** Appends `driver`'s licence, if they hold one. */
  issue(driver: Driver, out: PatentaRow[]): void {
    const random = this.random;
    if (ageOn(driver.birth, this.reference) < 18 || !random.chance(driver.sex === 'M' ? 0.71 : 0.45)) return;
    const low = Math.max(addYears(driver.birth, 18), addYears(this.reference, -12));
    const issued = random.int(Math.min(low, this.reference - 1), this.reference - 1);
    const status = random.weighted(LICENCE_STATUS);
    out.push({
      NR_PATENTES: `DL${String(this.numbers.at(this.issued++)).padStart(8, '0')}`,
      NR_PERSONAL: driver.personalNo,
      KATEGORITE: this.categories(),
      LESHUAR: legacyDate(issued),
      SKADON: legacyDate(addYears(issued, 10)),
      PIKET: random.chance(0.85) ? 0 : 1 + Math.floor(20 * random.float() ** 2),
      STATUSI: random.chance(0.005) ? `${status} ` : status,
    });
  }

  private categories(): string {
    const random = this.random;
    const categories = random.weighted(CATEGORIES);
    // Clerks' variants of the same list: lower case, spaces after commas, trailing blanks.
    const roll = random.float();
    if (roll < 0.01) return categories.toLowerCase();
    if (roll < 0.02) {
      const spaced = categories.split(',').join(', ').toLowerCase();
      return spaced.length <= 32 ? spaced : categories.toLowerCase();
    }
    if (roll < 0.03) return categories.length < 32 ? `${categories} ` : categories;
    return categories;
  }
}
