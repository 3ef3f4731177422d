// Compile an Ink script with inkjs and play it to the end, always taking the first choice.
// Prints one JSON line: {"errors": [...], "text": "...", "choices": n}.
const fs = require("fs");
const { Compiler } = require("inkjs/full");

const source = fs.readFileSync(process.argv[2], "utf8");
const errors = [];
let story;
try {
  story = new Compiler(source, { errorHandler: (message) => errors.push(message) }).Compile();
} catch (error) {
  errors.push(String(error));
}
let text = "";
let choices = 0;
if (story) {
  for (let guard = 0; guard < 1000; guard++) {
    while (story.canContinue) text += story.Continue();
    if (story.currentChoices.length === 0) break;
    story.ChooseChoiceIndex(0);
    choices += 1;
  }
}
console.log(JSON.stringify({ errors, text, choices }));
