"""A candidate's voice: their statement and links, members' questions to a contest's candidates, and a
candidate's listening exercise."""
