// SyncParser.g4 — the twinsync rule language. compiler/parse turns this tree into the AST at once;
// nothing past compiler/parse sees ANTLR types. Statements need no separator: a new line is
// only whitespace, and `;` is allowed where a reader wants one.
parser grammar SyncParser;
options { tokenVocab = SyncLexer; }

file        : decl* EOF ;

decl        : connectionDecl
            | useDecl
            | customDecl
            | mapDecl
            | mappingDecl
            | ruleBlock
            | triggerDecl
            | nodeDecl
            | SEMI
            ;

connectionDecl : CONNECTION name LBRACE setting* RBRACE ;
useDecl        : USE name ;
customDecl     : CUSTOM string COLON typeName ;
typeName       : name (LT typeName GT)? ;

mapDecl        : MAP name LBRACE mapEntry* RBRACE ;
mapEntry       : literal dir=(BOTH | ARROW | BACK) literal ;

mappingDecl    : MAPPING LBRACE mappingEntry* RBRACE ;
mappingEntry   : mappingField dir=(BOTH | ARROW | BACK) mappingField (USING name)? missingPolicy* ;
mappingField   : name | CUSTOM LBRACK string RBRACK ;
missingPolicy  : ON MISSING (OUTGOING | INCOMING)? (KEEP | DEFAULT literal | ERROR string?) ;

ruleBlock      : kind=(OUTGOING | INCOMING) block ;

triggerDecl    : TRIGGER name ON name WHERE jql? (NOTE string)? INACTIVE? (LBRACE triggerOption* RBRACE)? ;
jql            : (JQL_WORD | JQL_STRING | JQL_LPAREN | JQL_RPAREN)+ ;
triggerOption  : NOTE string | INACTIVE ;

// node { … }: where a node runs; generic settings checked by the compiler (secrets by reference only).
nodeDecl       : NODE name? LBRACE setting* RBRACE ;
setting        : name expr? (LBRACE setting* RBRACE)? ;

block          : LBRACE stmt* RBRACE ;

stmt           : target ASSIGN expr orElse?                               # assignStmt
               | LET name ASSIGN expr                                     # letStmt
               | IF expr block (ELSE (ifTail | block))?                   # ifStmt
               | SKIP_                                                    # skipStmt
               | ERROR expr                                               # errorStmt
               | SEMI                                                     # emptyStmt
               ;
ifTail         : IF expr block (ELSE (ifTail | block))? ;
// What an assignment does when its value is null (a value map found no entry, say).
orElse         : ELSE (KEEP | SKIP_ | ERROR expr) ;

target         : name (DOT name | LBRACK expr RBRACK)+ ;

expr           : primary                                                  # primaryExpr
               | expr DOT name                                            # memberExpr
               | expr QDOT name                                           # safeMemberExpr
               | expr LBRACK expr RBRACK                                  # indexExpr
               | MINUS expr                                               # negExpr
               | expr op=(STAR | SLASH | PERCENT) expr                    # mulExpr
               | expr op=(PLUS | MINUS) expr                              # addExpr
               | expr op=(EQEQ | NEQ | LT | LE | GT | GE) expr            # compareExpr
               | expr NOT? IN expr                                        # inExpr
               | NOT expr                                                 # notExpr
               | expr AND expr                                            # andExpr
               | expr OR expr                                             # orExpr
               | <assoc=right> expr COALESCE expr                         # coalesceExpr
               | expr WHERE expr                                          # whereExpr
               ;

primary        : literal                                                  # literalPrimary
               | name LPAREN (expr (COMMA expr)*)? RPAREN                 # callPrimary
               | name                                                     # namePrimary
               | DOT name                                                 # itemFieldPrimary
               | LBRACK (expr (COMMA expr)*)? COMMA? RBRACK               # listPrimary
               | LPAREN expr RPAREN                                       # parenPrimary
               ;

literal        : string | NUMBER | MINUS NUMBER | TRUE | FALSE | NULL_ ;
string         : STR_BEGIN stringPart* (STR_END | STR_NEWLINE) ;
stringPart     : STR_TEXT | STR_ESCAPE | STR_BAD_ESCAPE | STR_INTERP expr RBRACE ;

// Keywords that are also field names (issue.description, .custom, replica.remote …) are names here.
name           : IDENT | DESCRIPTION | LOCAL | REMOTE | CUSTOM | DEFAULT | MISSING | NOTE | KEEP
               | MAP | MAPPING | NODE | USE | USING | ON | INACTIVE | CONNECTION | TRIGGER ;
