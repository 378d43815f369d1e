import { addYears, ageOn, isoDate } from '../dates.js';
import type { IdDocumentRow } from '../sources/civil/rows.js';
import { keyOf, Permutation, Random, WeightedTable } from './random.js';

/** What the civil registry knows of a person when it issues them a document. */
export interface DocumentHolder {
  readonly personalNo: string;
  /** day number */
  readonly birth: number;
  /** 'A' alive | 'D' deceased | 'E' emigrated */
  readonly status: string;
  /** day number, for the deceased */
  readonly death: number | null;
}

const STATUS = new WeightedTable<string>([['V', 97.6], ['L', 2], ['X', 0.4]]);

/**
 * Issues ID cards and passports: numbers from keyed permutations (unique, not sequential), issue
 * dates spread so that expiry dates run from about two years before to ten years after the
 * reference date, a few lost or cancelled, expired ones still marked valid as in the real register.
 */
export class DocumentOffice {
  private readonly idCardNumbers: Permutation;
  private readonly passportNumbers: Permutation;
  private idCards = 0;
  private passports = 0;

  constructor(seed: number, private readonly random: Random, private readonly reference: number) {
    this.idCardNumbers = new Permutation(1_000_000_000, keyOf(seed, 'id-card'));
    this.passportNumbers = new Permutation(100_000_000, keyOf(seed, 'passport'));
  }

  /** Appends the documents `holder` has ever been issued that the register still lists. */
  issue(holder: DocumentHolder, out: IdDocumentRow[]): void {
    const random = this.random;
    if (holder.status === 'D') {
      // A deceased person's last ID card stays on file, cancelled.
      if (holder.death !== null && ageOn(holder.birth, holder.death) >= 16 && random.chance(0.12)) {
        const issued = random.int(Math.max(addYears(holder.birth, 16), addYears(holder.death, -10)), holder.death);
        out.push(this.document(holder, 'ID', issued, 'X'));
      }
      return;
    }
    const emigrated = holder.status === 'E';
    if (ageOn(holder.birth, this.reference) >= 16 && random.chance(emigrated ? 0.6 : 0.94)) {
      this.issueWithReplacement(holder, 'ID', addYears(holder.birth, 16), out);
    }
    if (random.chance(emigrated ? 0.85 : 0.28)) {
      this.issueWithReplacement(holder, 'PP', holder.birth + 30, out);
    }
  }

  private issueWithReplacement(holder: DocumentHolder, type: 'ID' | 'PP', earliest: number, out: IdDocumentRow[]): void {
    const issued = this.issueDate(holder.birth, earliest);
    if (issued === null) return;
    const status = this.random.weighted(STATUS);
    out.push(this.document(holder, type, issued, status));
    // A lost document is replaced by a new one, when there was time to.
    if (status === 'L' && issued + 30 < this.reference) {
      out.push(this.document(holder, type, this.random.int(issued + 30, this.reference - 1), 'V'));
    }
  }

  private issueDate(birth: number, earliest: number): number | null {
    const low = Math.max(earliest, addYears(this.reference, -12));
    if (low >= this.reference) return null;
    let issued = this.random.int(low, this.reference - 1);
    // A child's document is valid five years only: keep its expiry within two years of today.
    const stillLow = Math.max(low, addYears(this.reference, -7));
    if (validityYears(birth, issued) === 5 && issued < stillLow && stillLow < this.reference) {
      issued = this.random.int(stillLow, this.reference - 1);
    }
    return issued;
  }

  private document(holder: DocumentHolder, type: 'ID' | 'PP', issued: number, status: string): IdDocumentRow {
    const docNo = type === 'ID'
      ? `ID${String(this.idCardNumbers.at(this.idCards++)).padStart(9, '0')}`
      : `P${String(this.passportNumbers.at(this.passports++)).padStart(8, '0')}`;
    return {
      doc_no: docNo,
      personal_no: holder.personalNo,
      doc_type: type,
      issued_on: isoDate(issued),
      expires_on: isoDate(addYears(issued, validityYears(holder.birth, issued))),
      status,
    };
  }
}

function validityYears(birth: number, issued: number): number {
  return ageOn(birth, issued) < 18 ? 5 : 10;
}
