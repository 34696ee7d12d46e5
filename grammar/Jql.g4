// Jql.g4 — Jira Query Language, the filter language of triggers and of the embedded tracker's search.
// Keywords are case-insensitive, as in Jira. The parse tree is turned into compiler/jql's AST at once.
grammar Jql;

query      : clause? orderBy? EOF ;

clause     : (NOT | BANG) clause                                    # notClause
           | clause (AND | AMP) clause                              # andClause
           | clause (OR | PIPE) clause                              # orClause
           | LPAREN clause RPAREN                                   # parenClause
           | field op operand                                 # compareClause
           | field IS NOT? (EMPTY | NULL_)                          # emptyClause
           | field WAS NOT? IN? operand historyPredicate*            # wasClause
           | field CHANGED historyPredicate*                        # changedClause
           | functionCall                                           # functionClause
           ;
// Precedence follows the order of the alternatives: NOT binds tightest, then AND, then OR, as in Jira.

op         : EQ | NEQ | LT | LE | GT | GE | TILDE | NTILDE | IN | NOT IN ;

operand    : value
           | LPAREN (value (COMMA value)*)? RPAREN
           | EMPTY
           | NULL_
           ;

value      : functionCall | literal ;

functionCall : name LPAREN (argument (COMMA argument)*)? RPAREN ;
argument   : literal | functionCall ;

literal    : STRING | word ;

field      : name propertyPath?                                     # namedField
           | CF LBRACK NUMBER RBRACK                                 # customFieldById
           ;
propertyPath : (LBRACK STRING RBRACK)+ word? ;   // issue.property["x"].path: the ".path" lexes as a word

name       : STRING | word ;
// Bare words: identifiers, numbers, relative dates (-1d, 4w), dates (2020-08-24) and keys (ABC-123).
word       : WORD | NUMBER | CF | keywordAsWord ;
keywordAsWord : AFTER | BEFORE | BY | DURING | ON | FROM | TO | ORDER | ASC | DESC ;

historyPredicate : (AFTER | BEFORE | BY | ON | FROM | TO) value
                 | BY LPAREN value (COMMA value)* RPAREN                 // BY (jsmith, srogen): any of them
                 | DURING LPAREN value COMMA value RPAREN
                 ;

orderBy    : ORDER BY sortKey (COMMA sortKey)* ;
sortKey    : field (ASC | DESC)? ;

AND     : A N D | '&&' ;
OR      : O R | '||' ;
NOT     : N O T ;
IN      : I N ;
IS      : I S ;
EMPTY   : E M P T Y ;
NULL_   : N U L L ;
WAS     : W A S ;
CHANGED : C H A N G E D ;
AFTER   : A F T E R ;
BEFORE  : B E F O R E ;
BY      : B Y ;
DURING  : D U R I N G ;
ON      : O N ;
FROM    : F R O M ;
TO      : T O ;
ORDER   : O R D E R ;
ASC     : A S C ;
DESC    : D E S C ;
CF      : C F ;
LPAREN  : '(' ;
RPAREN  : ')' ;
LBRACK  : '[' ;
RBRACK  : ']' ;
COMMA   : ',' ;
AMP     : '&' ;
PIPE    : '|' ;
BANG    : '!' ;
EQ      : '=' ;
NEQ     : '!=' ;
LE      : '<=' ;
GE      : '>=' ;
LT      : '<' ;
GT      : '>' ;
NTILDE  : '!~' ;
TILDE   : '~' ;

NUMBER  : [0-9]+ ;
STRING  : '"' (~["\\\r\n] | '\\' .)* '"'
        | '\'' (~['\\\r\n] | '\\' .)* '\''
        ;
// Anything else that Jira accepts unquoted: letters, digits, and . - _ : / @ + * plus escaped characters.
WORD    : (WORD_CHAR | '\\' .)+ ;
fragment WORD_CHAR : ~[ \t\r\n"'()[\],=!<>~&|] ;

WS      : [ \t\r\n]+ -> skip ;
// Anything the rules above reject becomes one token the parser reports, instead of a lexer error.
UNKNOWN : . ;

fragment A : [aA] ; fragment B : [bB] ; fragment C : [cC] ; fragment D : [dD] ; fragment E : [eE] ;
fragment F : [fF] ; fragment G : [gG] ; fragment H : [hH] ; fragment I : [iI] ; fragment L : [lL] ;
fragment M : [mM] ; fragment N : [nN] ; fragment O : [oO] ; fragment P : [pP] ; fragment R : [rR] ;
fragment S : [sS] ; fragment T : [tT] ; fragment U : [uU] ; fragment W : [wW] ; fragment Y : [yY] ;
