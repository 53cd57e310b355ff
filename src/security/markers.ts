// Marker characters the word model writes into dequoted text: a leaf module, so whatever reads words can import it.

/** Stands in for any part of a word the shell only knows at run time ($VAR, $(...), globs of unknown files). */
export const DYN = '\u0000';
