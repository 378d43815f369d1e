import type { CompanyMembers, DrivingLicence, FamilyLink, IdentityDocument, Vehicle } from '../domain.js';
import type { Cache } from './cache.js';
import { CODECS, type Codec, type EntityKind, type ValueOf } from './codec.js';
import { cacheKey, decodedEntry, type CachePolicy } from './readThrough.js';

/** What can be invalidated, named as in the graph, with the key the registries know it by. */
export type InvalidationTarget =
  | { type: 'Citizen'; key: string }
  | { type: 'Address'; key: string }
  | { type: 'Settlement'; key: number }
  | { type: 'Municipality'; key: number }
  | { type: 'Vehicle'; key: string }
  | { type: 'DrivingLicence'; key: string }
  | { type: 'IdentityDocument'; key: string }
  | { type: 'Company'; key: string };

/** The graph types that can be invalidated. */
export const INVALIDATION_TYPES = ['Citizen', 'Address', 'Settlement', 'Municipality', 'Vehicle', 'DrivingLicence', 'IdentityDocument', 'Company'] as const;

// The entries keyed by a target's own key; a citizen's are everything kept under a personal
// number, whichever registry it came from.
const KEPT_UNDER_KEY: Readonly<Record<InvalidationTarget['type'], readonly EntityKind[]>> = {
  Citizen: [
    'citizenByPersonalNumber', 'familyLinksByPerson', 'childrenByParent', 'documentsByHolder', 'residencesByPerson', 'vehiclesByOwner',
    'drivingLicenceByHolder', 'companiesOwnedBy', 'companiesRepresentedBy',
  ],
  Address: ['addressById', 'residentsByAddress'],
  Settlement: ['settlementById'],
  Municipality: ['municipalityByCode'],
  Vehicle: ['vehicleByPlate'],
  DrivingLicence: ['drivingLicenceByNumber'],
  IdentityDocument: ['identityDocumentByNumber'],
  Company: ['companyByNumber', 'membersOfCompany', 'vehiclesOfCompany'],
};

/**
 * Drops entities from the cache on every replica. Besides the entries keyed by the entity itself it
 * drops the lists that hold it, found through the cached copy: a person's household and their
 * parents' children, their identity documents by number, a vehicle by VIN and its owner's vehicles, a
 * licence or an identity document by its holder.
 */
export class Invalidator {
  constructor(
    private readonly cache: Cache,
    private readonly policy: CachePolicy,
  ) {}

  /** Drops every entry that holds the targets; throws `CacheUnavailableError` if the cache could not be reached. */
  async invalidate(targets: readonly InvalidationTarget[]): Promise<{ keys: number }> {
    const keys = new Set<string>();
    const add = (kind: EntityKind, key: string | number) => keys.add(cacheKey(this.policy, kind, key));
    for (const target of targets) for (const kind of KEPT_UNDER_KEY[target.type]) add(kind, target.key);
    for (const [kind, key] of await this.listsHolding(targets)) add(kind, key);
    const all = [...keys];
    await this.cache.deleteMany(all);
    await this.cache.announceInvalidation(all);
    return { keys: all.length };
  }

  /** The cached lists that hold the targets, read from the targets' cached copies. */
  private async listsHolding(targets: readonly InvalidationTarget[]): Promise<Array<[EntityKind, string]>> {
    const lookups: Array<{ kind: EntityKind; key: string }> = [];
    for (const target of targets) {
      if (target.type === 'Citizen') {
        lookups.push(
          { kind: 'citizenByPersonalNumber', key: target.key },
          { kind: 'familyLinksByPerson', key: target.key },
          { kind: 'documentsByHolder', key: target.key },
        );
      } else if (target.type === 'Vehicle') {
        lookups.push({ kind: 'vehicleByPlate', key: target.key });
      } else if (target.type === 'DrivingLicence') {
        lookups.push({ kind: 'drivingLicenceByNumber', key: target.key });
      } else if (target.type === 'IdentityDocument') {
        lookups.push({ kind: 'identityDocumentByNumber', key: target.key });
      } else if (target.type === 'Company') {
        lookups.push({ kind: 'membersOfCompany', key: target.key });
      }
    }
    if (lookups.length === 0) return [];
    const cached = await this.cache.getMany(lookups.map(({ kind, key }) => cacheKey(this.policy, kind, key)));
    return lookups.flatMap(({ kind }, index) => {
      const entry = decodedEntry(CODECS[kind] as Codec<unknown>, cached[index] ?? null);
      return entry === undefined ? [] : related(kind, entry.value);
    });
  }
}

function related(kind: EntityKind, value: unknown): Array<[EntityKind, string]> {
  switch (kind) {
    case 'citizenByPersonalNumber': {
      const citizen = value as ValueOf<'citizenByPersonalNumber'>;
      return citizen?.addressId ? [['residentsByAddress', citizen.addressId]] : [];
    }
    case 'familyLinksByPerson':
      return (value as FamilyLink[]).map((link): [EntityKind, string] =>
        // A spouse's own link names this person; a parent's children list holds them.
        link.relation === 'SPOUSE' ? ['familyLinksByPerson', link.relatedNumber] : ['childrenByParent', link.relatedNumber],
      );
    case 'vehicleByPlate': {
      const vehicle = value as Vehicle | null;
      if (vehicle === null) return [];
      return [['vehicleByVin', vehicle.vin], ...(vehicle.ownerPersonalNumber ? [['vehiclesByOwner', vehicle.ownerPersonalNumber] as [EntityKind, string]] : [])];
    }
    case 'documentsByHolder':
      return (value as IdentityDocument[]).map((document): [EntityKind, string] => ['identityDocumentByNumber', document.number]);
    case 'drivingLicenceByNumber': {
      const licence = value as DrivingLicence | null;
      return licence === null ? [] : [['drivingLicenceByHolder', licence.holderPersonalNumber]];
    }
    case 'membersOfCompany': {
      // The people who own or represent it have it in their lists.
      const members = value as CompanyMembers | null;
      if (members === null) return [];
      return [
        ...members.owners.flatMap((owner): Array<[EntityKind, string]> => (owner.personalNumber ? [['companiesOwnedBy', owner.personalNumber]] : [])),
        ...members.representatives.map((representative): [EntityKind, string] => ['companiesRepresentedBy', representative.personalNumber]),
      ];
    }
    case 'identityDocumentByNumber': {
      const document = value as IdentityDocument | null;
      return document === null ? [] : [['documentsByHolder', document.holderPersonalNumber]];
    }
    default:
      return [];
  }
}
