import { standingOn } from '../src/domain.js';
import { licenceCategory, documentNumber, plate, vin } from './arguments.js';
import { holderOf } from './document.js';
import type { Resolvers } from './types.generated.js';

export const vehicleResolvers: Resolvers = {
  Query: {
    vehicle: (_, args, context) => context.loaders.vehicleByPlate.load(plate(args.plate)),
    vehicleByVin: (_, args, context) => context.loaders.vehicleByVin.load(vin(args.vin)),
    drivingLicence: (_, args, context) => context.loaders.drivingLicenceByNumber.load(documentNumber(args.number)),
  },

  Vehicle: {
    owner: (vehicle, _, context) =>
      vehicle.ownerPersonalNumber === null ? null : context.loaders.citizenByPersonalNumber.load(vehicle.ownerPersonalNumber),
  },

  DrivingLicence: {
    status: (licence, _, context) => standingOn(licence.status, licence.expiresOn, context.today),
    holder: holderOf,
  },

  Citizen: {
    vehicles: (citizen, _, context) => context.loaders.vehiclesByOwner.load(citizen.personalNumber),
    drivingLicence: (citizen, _, context) => context.loaders.drivingLicenceByHolder.load(citizen.personalNumber),
    hasValidLicence: async (citizen, args, context) => {
      const category = licenceCategory(args.category);
      const licence = await context.loaders.drivingLicenceByHolder.load(citizen.personalNumber);
      return licence !== null && standingOn(licence.status, licence.expiresOn, context.today) === 'VALID' && licence.categories.includes(category);
    },
  },
};
