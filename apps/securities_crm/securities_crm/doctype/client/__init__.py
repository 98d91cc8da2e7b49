"""Client (客户): a person or an institution the broker serves, with its KYC data.

model.py the fields and checks; desk.py the client 360 page; validators.py the identity checks;
importing.py the row-by-row CSV/XLSX import. ID number and mobile are encrypted (security/).
"""
