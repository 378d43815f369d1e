/** A model as it appears on Kosovo's roads, with the years it was built and the fuels it runs on. */
export interface VehicleModel {
  readonly make: string;
  readonly model: string;
  /** World manufacturer identifier: the first three characters of the VIN. */
  readonly wmi: string;
  readonly fromYear: number;
  /** The last model year built. */
  readonly toYear: number;
  /** Relative fuel weights: 'B' petrol, 'D' diesel, 'E' electric, 'H' hybrid, 'G' gas. */
  readonly fuels: Readonly<Partial<Record<'B' | 'D' | 'E' | 'H' | 'G', number>>>;
  /** Relative frequency among private owners. */
  readonly privateWeight: number;
  /** Relative frequency in company fleets. */
  readonly fleetWeight: number;
}

type Entry = readonly [string, string, string, number, VehicleModel['fuels'], number, number, number?];

const PETROL_DIESEL = { D: 60, B: 36, G: 4 };
const MOSTLY_DIESEL = { D: 85, B: 13, G: 2 };
const MOSTLY_PETROL = { B: 70, D: 24, G: 6 };

const ENTRIES: readonly Entry[] = [
  ['Volkswagen', 'Golf', 'WVW', 1995, PETROL_DIESEL, 160, 20],
  ['Volkswagen', 'Passat', 'WVW', 1995, MOSTLY_DIESEL, 110, 25],
  ['Volkswagen', 'Polo', 'WVW', 1995, MOSTLY_PETROL, 50, 5],
  ['Volkswagen', 'Touran', 'WVG', 2003, MOSTLY_DIESEL, 25, 5],
  ['Volkswagen', 'Caddy', 'WV2', 1996, MOSTLY_DIESEL, 15, 40],
  ['Audi', 'A4', 'WAU', 1995, MOSTLY_DIESEL, 70, 12],
  ['Audi', 'A6', 'WAU', 1997, MOSTLY_DIESEL, 40, 15],
  ['Audi', 'Q5', 'WA1', 2008, MOSTLY_DIESEL, 18, 6],
  ['Mercedes-Benz', 'C 200', 'WDD', 1995, PETROL_DIESEL, 60, 12],
  ['Mercedes-Benz', 'E 220', 'WDD', 1995, MOSTLY_DIESEL, 55, 15],
  ['Mercedes-Benz', 'Sprinter', 'WDB', 1995, { D: 100 }, 5, 45],
  ['Mercedes-Benz', 'Vito', 'WDF', 1996, { D: 100 }, 6, 20],
  ['BMW', '320d', 'WBA', 1998, { D: 100 }, 45, 8],
  ['BMW', '520d', 'WBA', 2000, { D: 100 }, 25, 8],
  ['BMW', 'X5', 'WBX', 2000, MOSTLY_DIESEL, 12, 4],
  ['Opel', 'Astra', 'W0L', 1995, PETROL_DIESEL, 70, 10],
  ['Opel', 'Corsa', 'W0L', 1995, MOSTLY_PETROL, 35, 5],
  ['Opel', 'Vectra', 'W0L', 1995, MOSTLY_DIESEL, 30, 3, 2008],
  ['Škoda', 'Octavia', 'TMB', 1996, PETROL_DIESEL, 60, 30],
  ['Škoda', 'Fabia', 'TMB', 1999, MOSTLY_PETROL, 25, 8],
  ['Škoda', 'Superb', 'TMB', 2001, MOSTLY_DIESEL, 15, 12],
  ['Toyota', 'Yaris', 'VNK', 1999, { B: 60, H: 40 }, 25, 6],
  ['Toyota', 'Corolla', 'SB1', 1995, { B: 45, D: 20, H: 35 }, 20, 8],
  ['Toyota', 'RAV4', 'JTM', 1995, { D: 40, B: 25, H: 35 }, 12, 6],
  ['Toyota', 'Prius', 'JTD', 2000, { H: 100 }, 5, 3],
  ['Renault', 'Clio', 'VF1', 1995, MOSTLY_PETROL, 35, 5],
  ['Renault', 'Megane', 'VF1', 1996, PETROL_DIESEL, 30, 5],
  ['Peugeot', '206', 'VF3', 1998, MOSTLY_PETROL, 25, 3, 2012],
  ['Peugeot', '308', 'VF3', 2007, PETROL_DIESEL, 15, 5],
  ['Citroën', 'C4', 'VF7', 2004, PETROL_DIESEL, 10, 3],
  ['Fiat', 'Punto', 'ZFA', 1995, MOSTLY_PETROL, 25, 3, 2018],
  ['Fiat', 'Doblò', 'ZFA', 2001, MOSTLY_DIESEL, 5, 15],
  ['Ford', 'Focus', 'WF0', 1998, PETROL_DIESEL, 30, 8],
  ['Ford', 'Transit', 'WF0', 1995, { D: 100 }, 4, 40],
  ['Seat', 'Leon', 'VSS', 1999, PETROL_DIESEL, 20, 4],
  ['Seat', 'Ibiza', 'VSS', 1995, MOSTLY_PETROL, 18, 3],
  ['Dacia', 'Sandero', 'UU1', 2008, { B: 60, D: 25, G: 15 }, 20, 10],
  ['Dacia', 'Duster', 'UU1', 2010, { D: 60, B: 30, G: 10 }, 22, 12],
  ['Hyundai', 'Tucson', 'KMH', 2004, MOSTLY_DIESEL, 18, 8],
  ['Hyundai', 'i30', 'TMA', 2007, PETROL_DIESEL, 12, 5],
  ['Kia', 'Sportage', 'U5Y', 1995, MOSTLY_DIESEL, 15, 6],
  ['Nissan', 'Qashqai', 'SJN', 2007, PETROL_DIESEL, 15, 5],
  ['Nissan', 'Leaf', 'SJN', 2011, { E: 100 }, 3, 2, 2024],
  ['Tesla', 'Model 3', '5YJ', 2018, { E: 100 }, 2, 1],
  ['Volkswagen', 'ID.4', 'WVG', 2021, { E: 100 }, 1, 2],
  ['Iveco', 'Daily', 'ZCF', 1995, { D: 100 }, 2, 25],
  ['MAN', 'TGX', 'WMA', 2007, { D: 100 }, 0, 12],
];

export const VEHICLE_MODELS: readonly VehicleModel[] = Object.freeze(
  ENTRIES.map(([make, model, wmi, fromYear, fuels, privateWeight, fleetWeight, toYear = 9999]) =>
    Object.freeze({ make, model, wmi, fromYear, toYear, fuels, privateWeight, fleetWeight }),
  ),
);

/** Colours as the registry writes them, in Albanian, with how common each is. */
export const COLOURS: ReadonlyArray<readonly [string, number]> = [
  ['E bardhë', 22], ['E zezë', 20], ['Gri', 18], ['Argjendi', 15], ['Blu', 9], ['E kuqe', 7], ['Kafe', 3],
  ['E gjelbër', 2], ['Bezhë', 2], ['E verdhë', 1], ['Portokalli', 0.6], ['Vjollcë', 0.4],
];

/** The letters a plate's last two characters use (no I, O, Q: they read as digits). */
export const PLATE_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** The characters a VIN may carry: A-H, J-N, P, R-Z, 0-9 (never I, O, Q). */
export const VIN_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

// ISO 3779 transliteration of VIN letters to the values the check digit weighs.
const VIN_VALUES: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** The check digit (ninth character) of a 17-character VIN: '0'..'9' or 'X'. */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const char = vin[i]!;
    const value = char >= '0' && char <= '9' ? char.charCodeAt(0) - 48 : (VIN_VALUES[char] ?? 0);
    sum += value * VIN_WEIGHTS[i]!;
  }
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

// Model-year codes (tenth VIN character) repeat every 30 years from 1980.
const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';

/** The tenth VIN character for a model year. */
export function vinYearCode(year: number): string {
  return YEAR_CODES[(((year - 1980) % 30) + 30) % 30]!;
}

/** Driving-licence category sets as the registry's clerks typed them, with how common each is. */
export const LICENCE_CATEGORIES: ReadonlyArray<readonly [string, number]> = [
  ['B', 52], ['AM,B', 14], ['B,BE', 5], ['B,F', 5], ['AM,A1,B', 4], ['A,B', 4], ['B,C1', 3], ['B,C,CE', 4], ['AM,B,C1,C', 2],
  ['B,C1,C,CE,D', 2], ['AM,A,B,BE', 1.5], ['B,C1,C1E,C,CE', 1], ['B,D1,D', 1], ['A2,B', 1], ['AM,A1,A2,A,B,BE,C1,C,CE,F', 0.5],
];
