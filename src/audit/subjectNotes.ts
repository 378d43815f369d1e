/** The person an object of an answer is data about. */
export interface DataSubject {
  readonly personalNumber: string;
  /** Whether the object is the person (a citizen), rather than something of theirs (a vehicle, a document). */
  readonly isPerson: boolean;
}

/** Whose the objects a field returned are: the one object's subject, or each list item's by its position (null for no one's). */
export type NotedSubjects = DataSubject | ReadonlyArray<DataSubject | null>;

/** A place in an answer, as graphql-js links a resolver's path: a field's response key, or a list item's position, below the place before. */
export interface AnswerPath {
  readonly prev: AnswerPath | undefined;
  readonly key: string | number;
}

/** A place in the notes: what was noted there, and the places below it where something was. */
export interface NotedPlace {
  subjects: NotedSubjects | undefined;
  below: Map<string | number, NotedPlace> | undefined;
}

/**
 * Whose data the objects of one answer are, noted as their fields resolve: a tree of the answer's
 * response keys and list positions, which the audit walk descends along with the answer, so that
 * neither spells a path out. A list is noted at its field, not item by item.
 */
export class SubjectNotes {
  readonly root: NotedPlace = { subjects: undefined, below: undefined };
  #empty = true;

  /** Whether nothing was noted: the answer carries no one's data. */
  get empty(): boolean {
    return this.#empty;
  }

  note(path: AnswerPath, subjects: NotedSubjects): void {
    this.#placeAt(path).subjects = subjects;
    this.#empty = false;
  }

  /** Forgets every note, once the answer's record is made of them. */
  clear(): void {
    this.root.subjects = undefined;
    this.root.below = undefined;
    this.#empty = true;
  }

  #placeAt(path: AnswerPath): NotedPlace {
    const above = path.prev ? this.#placeAt(path.prev) : this.root;
    above.below ??= new Map();
    let place = above.below.get(path.key);
    if (!place) above.below.set(path.key, (place = { subjects: undefined, below: undefined }));
    return place;
  }
}
