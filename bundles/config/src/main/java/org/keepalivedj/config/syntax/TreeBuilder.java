package org.keepalivedj.config.syntax;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.config.Token;

/**
 * Turns lines of words into the statement tree. A statement is the words of a line up to a brace;
 * '{' opens a block for the statement before it on the same line, or, when it starts a line,
 * for the statement that ended the previous non-blank line; '}' closes the innermost block.
 */
final class TreeBuilder {
    /** Real configs nest five or six deep; far deeper nesting is garbage, refused before it costs. */
    static final int MAX_DEPTH = 64;

    /**
     * A statement being built. Its last child stays a Statement (a '{' on the next line may still
     * give it a block); earlier children are already finished nodes, so memory holds one tree only.
     */
    private static final class Statement {
        final Token keyword;
        final List<Token> args = new ArrayList<>(4);
        /** Made when the first child comes: most statements have none. */
        List<ConfigNode> children;

        Statement last;
        boolean hasBlock;

        Statement(Token keyword) {
            this.keyword = keyword;
        }

        void add(Statement child) {
            finishLast();
            last = child;
        }

        void finishLast() {
            if (last != null) {
                if (children == null) {
                    children = new ArrayList<>();
                }
                children.add(last.toNode());
                last = null;
            }
        }

        ConfigNode toNode() {
            finishLast();
            return new ConfigNode(keyword, args, children == null ? List.of() : children, hasBlock);
        }
    }

    private final ReadProblems problems;
    private final Statement root = new Statement(new Token("<root>", Location.builtin("root")));
    private final Deque<Statement> open = new ArrayDeque<>();
    /** The statement that ended the previous line, which a '{' starting the next line belongs to. */
    private Statement lastLineStatement;

    TreeBuilder(ReadProblems problems) {
        this.problems = problems;
        open.push(root);
    }

    void acceptLine(List<Token> tokens) {
        Statement current = null;
        boolean firstOnLine = true;
        for (Token token : tokens) {
            String text = token.text();
            if (!token.quoted() && text.equals("{")) {
                Statement owner = current != null ? current : (firstOnLine ? lastLineStatement : null);
                if (owner == null || owner.hasBlock) {
                    problems.error(token.location(), "'{' with no keyword before it");
                    owner = new Statement(token); // parsed, then dropped, so nesting stays balanced
                }
                owner.hasBlock = true;
                open.push(owner);
                if (open.size() - 1 > MAX_DEPTH) {
                    problems.error(token.location(), "blocks nested more than " + MAX_DEPTH + " deep");
                    throw new ReadAborted();
                }
                current = null;
            } else if (!token.quoted() && text.equals("}")) {
                if (open.size() == 1) {
                    problems.error(token.location(), "'}' with no open block");
                } else {
                    open.pop();
                }
                current = null;
            } else if (current == null) {
                current = new Statement(token);
                open.peek().add(current);
            } else {
                current.args.add(token);
            }
            firstOnLine = false;
            lastLineStatement = null;
        }
        if (!tokens.isEmpty()) {
            lastLineStatement = current;
        }
    }

    List<ConfigNode> finish() {
        while (open.size() > 1) {
            Statement unclosed = open.pop();
            problems.error(
                    unclosed.keyword.location(), "block '" + unclosed.keyword.text() + "' is not closed (missing '}')");
        }
        root.finishLast();
        return root.children == null ? List.of() : root.children;
    }
}
