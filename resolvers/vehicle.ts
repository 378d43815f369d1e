import type { RequestContext } from '../src/context.js';
import { standingOn, type Citizen, type DrivingLicence, type Vehicle } from '../src/domain.js';
import { licenceCategory, licenceNumber, plate, vin } from './arguments.js';
import { holderOf } from './document.js';

export const vehicleResolvers = {
  Query: {
    vehicle: (_: unknown, args: { plate: string }, context: RequestContext) => context.loaders.vehicleByPlate.load(plate(args.plate)),
    vehicleByVin: (_: unknown, args: { vin: string }, context: RequestContext) => context.loaders.vehicleByVin.load(vin(args.vin)),
    drivingLicence: (_: unknown, args: { number: string }, context: RequestContext) =>
      context.loaders.drivingLicenceByNumber.load(licenceNumber(args.number)),
  },

  Vehicle: {
    owner: (vehicle: Vehicle, _: unknown, context: RequestContext) =>
      vehicle.ownerPersonalNumber === null ? null : context.loaders.citizenByPersonalNumber.load(vehicle.ownerPersonalNumber),
  },

  DrivingLicence: {
    status: (licence: DrivingLicence, _: unknown, context: RequestContext) => standingOn(licence.status, licence.expiresOn, context.today),
    holder: holderOf,
  },

  Citizen: {
    vehicles: (citizen: Citizen, _: unknown, context: RequestContext) => context.loaders.vehiclesByOwner.load(citizen.personalNumber),
    drivingLicence: (citizen: Citizen, _: unknown, context: RequestContext) =>
      context.loaders.drivingLicenceByHolder.load(citizen.personalNumber),
    hasValidLicence: async (citizen: Citizen, args: { category: string }, context: RequestContext) => {
      const category = licenceCategory(args.category);
      const licence = await context.loaders.drivingLicenceByHolder.load(citizen.personalNumber);
      return licence !== null && standingOn(licence.status, licence.expiresOn, context.today) === 'VALID' && licence.categories.includes(category);
    },
  },
};
