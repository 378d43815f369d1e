import { accessResolvers } from './access.js';
import { addressResolvers } from './address.js';
import { citizenResolvers } from './citizen.js';
import { companyResolvers } from './company.js';
import { documentResolvers } from './document.js';
import { electionResolvers } from './election.js';
import { residenceResolvers } from './residence.js';
import { DateScalar, PersonalNumberScalar } from './scalars.js';
import type { Resolvers } from './types.generated.js';
import { vehicleResolvers } from './vehicle.js';

/** Every domain's resolvers, for `makeExecutableSchema` to merge (it merges type by type). */
export const resolvers: Resolvers[] = [
  { PersonalNumber: PersonalNumberScalar, Date: DateScalar },
  citizenResolvers,
  addressResolvers,
  documentResolvers,
  residenceResolvers,
  electionResolvers,
  companyResolvers,
  vehicleResolvers,
  accessResolvers,
];
