// SyncLexer.g4 — tokens of the twinsync rule language (.sync files).
// Three modes: ordinary code; the inside of a string (for "{expr}" interpolation); and the raw
// JQL text of a trigger's filter, which the parser hands whole to the JQL grammar (Jql.g4).
lexer grammar SyncLexer;

@lexer::members {
  // A trigger's filter starts at the `where` that follows `trigger NAME on issue`; any other
  // `where` is the list filter of an expression.
  bool triggerHeader_ = false;
  int jqlParens_ = 0;
  // Lexer::popMode throws on an empty stack; a stray `}` must become a parse error, not a crash.
  void safePopMode() { if (!modeStack.empty()) popMode(); }
}

// keywords
CONNECTION : 'connection' ;
LOCAL      : 'local' ;
REMOTE     : 'remote' ;
DESCRIPTION: 'description' ;
OUTGOING   : 'outgoing' ;
INCOMING   : 'incoming' ;
MAP        : 'map' ;
MAPPING    : 'mapping' ;
USING      : 'using' ;
ON         : 'on' ;
MISSING    : 'missing' ;
DEFAULT    : 'default' ;
KEEP       : 'keep' ;
USE        : 'use' ;
CUSTOM     : 'custom' ;
NODE       : 'node' ;
TRIGGER    : 'trigger' { triggerHeader_ = true; } ;
WHERE      : 'where' { if (triggerHeader_) { triggerHeader_ = false; jqlParens_ = 0; pushMode(JQL); } } ;
NOTE       : 'note' ;
INACTIVE   : 'inactive' ;
IF         : 'if' ;
ELSE       : 'else' ;
LET        : 'let' ;
SKIP_      : 'skip' ;
ERROR      : 'error' ;
TRUE       : 'true' ;
FALSE      : 'false' ;
NULL_      : 'null' ;
AND        : 'and' ;
OR         : 'or' ;
NOT        : 'not' ;
IN         : 'in' ;

// punctuation and operators
LBRACE     : '{' { triggerHeader_ = false; pushMode(DEFAULT_MODE); } ;
RBRACE     : '}' { safePopMode(); } ;
LPAREN     : '(' ;
RPAREN     : ')' ;
LBRACK     : '[' ;
RBRACK     : ']' ;
COMMA      : ',' ;
COLON      : ':' ;
SEMI       : ';' ;
BOTH       : '<->' ;
ARROW      : '->' ;
BACK       : '<-' ;
QDOT       : '?.' ;
DOT        : '.' ;
COALESCE   : '??' ;
EQEQ       : '==' ;
NEQ        : '!=' ;
LE         : '<=' ;
GE         : '>=' ;
LT         : '<' ;
GT         : '>' ;
ASSIGN     : '=' ;
PLUS       : '+' ;
MINUS      : '-' ;
STAR       : '*' ;
SLASH      : '/' ;
PERCENT    : '%' ;

NUMBER     : [0-9]+ ('.' [0-9]+)? ([eE] [+-]? [0-9]+)? ;
IDENT      : [a-zA-Z_] [a-zA-Z_0-9]* ;
STR_BEGIN  : '"' -> pushMode(STRING) ;

LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
WS         : [ \t\r\n]+ -> channel(HIDDEN) ;
// Any other character is one token for the parser to report, so the lexer itself never fails.
UNKNOWN    : . ;

mode STRING;
STR_END    : '"' -> popMode ;
STR_TEXT   : ~["\\{\r\n]+ ;
STR_ESCAPE : '\\' ( ["\\{}nrt] | 'u' HEX HEX HEX HEX ) ;
STR_BAD_ESCAPE : '\\' ~["\\{}nrtu\r\n]? ;
STR_INTERP : '{' -> pushMode(DEFAULT_MODE) ;
// A line break before the closing quote: the string is unterminated; resume ordinary code.
STR_NEWLINE: [\r\n] -> popMode ;
fragment HEX : [0-9a-fA-F] ;

mode JQL;
// The filter text runs to the end of the line, or on over following lines that are indented,
// or up to `note`, `inactive` or `{`. Its tokens only mark the extent; Jql.g4 parses the text.
JQL_NOTE     : 'note' { if (jqlParens_ == 0) { setType(NOTE); popMode(); } else setType(JQL_WORD); } ;
JQL_INACTIVE : 'inactive' { if (jqlParens_ == 0) { setType(INACTIVE); popMode(); } else setType(JQL_WORD); } ;
JQL_LBRACE   : '{' { setType(LBRACE); popMode(); pushMode(DEFAULT_MODE); } ;
JQL_CONTINUE : [\r\n]+ [ \t]+ -> channel(HIDDEN) ;
JQL_NEWLINE  : [\r\n]+ { popMode(); } -> channel(HIDDEN) ;
JQL_LPAREN   : '(' { ++jqlParens_; } ;
JQL_RPAREN   : ')' { if (jqlParens_ > 0) --jqlParens_; } ;
JQL_STRING   : '"' (~["\\\r\n] | '\\' .)* '"' | '\'' (~['\\\r\n] | '\\' .)* '\'' ;
JQL_WORD     : ~[ \t\r\n"'(){]+ ;
JQL_WS       : [ \t]+ -> channel(HIDDEN) ;
