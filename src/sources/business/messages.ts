/** The elements of the business registry service's answers, as its WSDL defines them and the SOAP client reads them. */

/** `Subjekti`: a registered business. */
export interface SubjectElement {
  NumriBiznesit: string;
  /** Upper case; a few twice-encoded. */
  Emri?: string;
  /** 'BI' | 'OP' | 'SHK' | 'SHPK' | 'SHA' */
  FormaLigjore?: string;
  /** 'REGJISTRUAR' | 'PEZULLUAR' | 'SHUAR' */
  Statusi?: string;
  /** 'dd/MM/yyyy' */
  DataRegjistrimit?: string;
  AdresaId?: string;
}

/** `Pronari`: an owner, 'FIZIK' a person or 'JURIDIK' a business, with a share such as '33,33'. */
export interface OwnerElement {
  LlojiPronarit?: string;
  NumriPronarit: string;
  Pjesa?: string;
}

/** `Perfaqesuesi`: a representative, 'DREJTOR' or 'PERFAQESUES'. */
export interface RepresentativeElement {
  NumriPersonal: string;
  Roli?: string;
}

/** A repeated element: the client gives one element alone, several as a list. */
type Repeated<T> = T | T[] | null | undefined;

export interface SubjectsAnswer {
  Subjekti?: Repeated<SubjectElement>;
}

export interface OwnersAndRepresentatives {
  Pronari?: Repeated<OwnerElement>;
  Perfaqesuesi?: Repeated<RepresentativeElement>;
}
