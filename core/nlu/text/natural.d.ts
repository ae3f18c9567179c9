// Deep imports of natural's Russian tokenizer and stemmer: importing the package root loads every
// language and corpus (~1.3 s); these two files load in milliseconds (model load < 2 s target).
declare module 'natural/lib/natural/tokenizers/aggressive_tokenizer_ru.js' {
  export default class AggressiveTokenizerRu {
    tokenize(text: string): string[];
  }
}
declare module 'natural/lib/natural/stemmers/porter_stemmer_ru.js' {
  const PorterStemmerRu: { stem(token: string): string };
  export default PorterStemmerRu;
}
