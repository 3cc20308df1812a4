"""Pledges: texts candidates are asked to sign, in versions, with every candidate's answer."""
