import type { Community } from './municipalities.js';

/** The names a community gives its sons and daughters, and its family names. */
export interface NameBook {
  readonly male: readonly string[];
  readonly female: readonly string[];
  readonly family: readonly string[];
}

const ALBANIAN: NameBook = {
  male: [
    'Arbër', 'Arben', 'Agim', 'Avni', 'Bekim', 'Besnik', 'Blerim', 'Burim', 'Driton', 'Dardan', 'Enver', 'Fatmir', 'Fisnik', 'Gëzim',
    'Hajdar', 'Ilir', 'Jeton', 'Kushtrim', 'Lulzim', 'Mentor', 'Naim', 'Petrit', 'Rexhep', 'Shpëtim', 'Valon', 'Visar', 'Xhevdet',
    'Ymer', 'Florent', 'Granit', 'Shkëlzen', 'Ardit', 'Albin', 'Liridon', 'Bujar', 'Hysni', 'Isa', 'Muharrem', 'Nexhat', 'Sokol',
    'Afrim', 'Qëndrim', 'Dritëro', 'Adem', 'Bajram', 'Fadil', 'Hasan', 'Rrahman', 'Skënder', 'Ylber', 'Zenel', 'Çlirim', 'Ermal',
    'Egzon', 'Altin', 'Leart', 'Rinor', 'Uran', 'Erion', 'Dren', 'Endrit', 'Ardian', 'Shaban', 'Xhafer', 'Osman', 'Sadri',
  ],
  female: [
    'Blerta', 'Dëshira', 'Fitore', 'Albana', 'Arta', 'Besa', 'Blerina', 'Dafina', 'Drita', 'Donika', 'Edona', 'Elira', 'Fatime',
    'Flutura', 'Gentiana', 'Hana', 'Jehona', 'Kaltrina', 'Lirije', 'Mimoza', 'Njomza', 'Qëndresa', 'Rina', 'Shqipe', 'Teuta',
    'Valbona', 'Vjosa', 'Xhevahire', 'Yllka', 'Zana', 'Shpresa', 'Lumnije', 'Mirlinda', 'Arbnora', 'Besarta', 'Diellza', 'Era',
    'Erza', 'Ajshe', 'Nazife', 'Hatixhe', 'Sevdije', 'Vlora', 'Zyrafete', 'Ardita', 'Gresa', 'Leonora', 'Liridona', 'Majlinda',
    'Rreze', 'Fjolla', 'Ganimete', 'Hyrije', 'Kimete', 'Mërgime', 'Pranvera', 'Rukije', 'Selvije', 'Vesa', 'Aferdita', 'Lindita',
  ],
  family: [
    'Gashi', 'Krasniqi', 'Berisha', 'Hoxha', 'Shala', 'Bytyçi', 'Çeku', 'Thaçi', 'Morina', 'Kryeziu', 'Rexhepi', 'Hasani', 'Ahmeti',
    'Haliti', 'Sadiku', 'Mustafa', 'Kelmendi', 'Rama', 'Zeqiri', 'Limani', 'Hyseni', 'Osmani', 'Bajrami', 'Hajdari', 'Kastrati',
    'Musliu', 'Syla', 'Demaj', 'Gjonbalaj', 'Ibrahimi', 'Jashari', 'Kurti', 'Latifi', 'Maloku', 'Nimani', 'Peci', 'Qerimi', 'Rugova',
    'Salihu', 'Tahiri', 'Uka', 'Veseli', 'Xhemajli', 'Ymeri', 'Zymberi', 'Beqiri', 'Dervishi', 'Elezi', 'Fazliu', 'Gërguri', 'Haxhiu',
    'Istrefi', 'Kabashi', 'Lushtaku', 'Mehmeti', 'Nura', 'Pllana', 'Qosja', 'Rexha', 'Sejdiu', 'Tërnava', 'Ukaj', 'Vitia', 'Zhubi',
    'Çitaku', 'Dobruna', 'Hamiti', 'Hoti', 'Shabani', 'Avdiu', 'Bislimi', 'Deliu', 'Gjoshi', 'Kuçi', 'Llapashtica', 'Murati', 'Sylejmani',
  ],
};

const SERBIAN: NameBook = {
  male: [
    'Dragan', 'Miloš', 'Zoran', 'Nenad', 'Dejan', 'Goran', 'Milan', 'Nikola', 'Marko', 'Stefan', 'Aleksandar', 'Bojan', 'Vladimir',
    'Srđan', 'Dušan', 'Miroslav', 'Slobodan', 'Živojin', 'Radomir', 'Predrag', 'Đorđe', 'Saša', 'Ivan', 'Lazar', 'Vuk', 'Uroš',
    'Nemanja', 'Momčilo', 'Boško', 'Stojan', 'Željko', 'Branislav', 'Časlav', 'Života',
  ],
  female: [
    'Jelena', 'Đurđa', 'Milica', 'Ana', 'Jovana', 'Marija', 'Snežana', 'Dragana', 'Vesna', 'Gordana', 'Ivana', 'Tijana', 'Sanja',
    'Ljiljana', 'Mirjana', 'Nataša', 'Biljana', 'Zorica', 'Katarina', 'Danica', 'Radmila', 'Slavica', 'Jasmina', 'Olivera',
    'Svetlana', 'Željka', 'Vukica', 'Desanka', 'Stanislava', 'Đurđica',
  ],
  family: [
    'Jovanović', 'Petrović', 'Đorđević', 'Stojanović', 'Šarić', 'Živković', 'Nikolić', 'Marković', 'Ilić', 'Pavlović', 'Milošević',
    'Stanković', 'Kostić', 'Popović', 'Todorović', 'Đokić', 'Lazić', 'Vasić', 'Mitić', 'Ristić', 'Savić', 'Simić', 'Trajković',
    'Vučković', 'Zdravković', 'Janjić', 'Krstić', 'Božović', 'Radosavljević', 'Milenković', 'Čolić', 'Ćirić', 'Dimić', 'Jakšić',
  ],
};

const BOSNIAK: NameBook = {
  male: [
    'Senad', 'Emir', 'Adnan', 'Amir', 'Edin', 'Elvis', 'Nermin', 'Samir', 'Mirsad', 'Almir', 'Dženan', 'Haris', 'Kenan', 'Mehmed',
    'Nedžad', 'Ramiz', 'Sead', 'Suad', 'Zijad', 'Fikret', 'Enes', 'Ćazim', 'Alija', 'Safet',
  ],
  female: [
    'Emina', 'Amra', 'Azra', 'Lejla', 'Selma', 'Aida', 'Alma', 'Belma', 'Dženana', 'Edina', 'Fatima', 'Hana', 'Jasmina', 'Merima',
    'Nermina', 'Sabina', 'Senada', 'Šejla', 'Zehra', 'Amela', 'Mediha', 'Mirsada',
  ],
  family: [
    'Hadžić', 'Begović', 'Kurtović', 'Delić', 'Hodžić', 'Mujić', 'Omerović', 'Salihović', 'Husić', 'Ibrahimović', 'Šabanović',
    'Ćatović', 'Muratović', 'Džaferović', 'Avdić', 'Alić', 'Beganović', 'Kolašinac', 'Mehmedović', 'Softić',
  ],
};

const TURKISH: NameBook = {
  male: [
    'Mehmet', 'Ahmet', 'Mustafa', 'Murat', 'Emre', 'Burak', 'Can', 'Kemal', 'Hakan', 'Serkan', 'Oğuz', 'Cengiz', 'Yusuf', 'Tarık',
    'Selim', 'Orhan', 'İsmail', 'Osman', 'Ercan', 'Fatih', 'Volkan', 'Ümit', 'Şükrü',
  ],
  female: [
    'Ayşe', 'Fatma', 'Emine', 'Zeynep', 'Elif', 'Hatice', 'Merve', 'Gül', 'Sevgi', 'Özlem', 'Derya', 'Nur', 'Şule', 'Esra', 'Aylin',
    'Büşra', 'Yasemin', 'Gülşen', 'Nesrin', 'Dilek',
  ],
  family: [
    'Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Öztürk', 'Aydın', 'Özdemir', 'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Çetin',
    'Kara', 'Koç', 'Kurt', 'Özkan', 'Şimşek', 'Polat', 'Kahraman', 'Bala',
  ],
};

// Roma, Ashkali and Egyptian families.
const RAE: NameBook = {
  male: ['Bajram', 'Avdyl', 'Sabit', 'Ramiz', 'Sami', 'Elvis', 'Gazmend', 'Kujtim', 'Muhamet', 'Sadri', 'Nazim', 'Xhevat', 'Isen', 'Dževat', 'Bekim', 'Shemsi'],
  female: ['Ajshe', 'Bukurije', 'Hanife', 'Jeta', 'Lindita', 'Merita', 'Nazmije', 'Sabrije', 'Sanije', 'Shpresa', 'Valentina', 'Elmaze', 'Ćamila', 'Sebahate'],
  family: ['Ademi', 'Bislimi', 'Durmishi', 'Hajdini', 'Ramadani', 'Shabani', 'Demiri', 'Ajeti', 'Berisha', 'Gashi', 'Mehmeti', 'Salihu', 'Durmiši', 'Šaćiri'],
};

const GORANI: NameBook = {
  male: ['Ramadan', 'Sadik', 'Muhamed', 'Enver', 'Dževdet', 'Ismet', 'Vehbi', 'Šerif', 'Bajram', 'Nedžmedin', 'Rasim'],
  female: ['Šemsija', 'Fatima', 'Nadira', 'Sevdija', 'Emina', 'Zejnepa', 'Ljutvija', 'Mevlija', 'Hajrija'],
  family: ['Bećiri', 'Dauti', 'Ljumani', 'Šaćiri', 'Kajtazi', 'Haljimi', 'Zećiri', 'Ferati', 'Redžepi', 'Sejdija'],
};

export const NAME_BOOKS: Readonly<Record<Community, NameBook>> = Object.freeze({
  albanian: ALBANIAN,
  serbian: SERBIAN,
  bosniak: BOSNIAK,
  turkish: TURKISH,
  rae: RAE,
  gorani: GORANI,
});
