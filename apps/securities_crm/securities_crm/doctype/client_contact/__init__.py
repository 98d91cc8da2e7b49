"""Client Contact: the people around a client — authorised persons, beneficial owners of an institution,
family and household members, emergency contacts."""
