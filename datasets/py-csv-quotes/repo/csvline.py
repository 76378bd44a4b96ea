def parse_line(line):
    """Split one CSV line into fields.

    Fields may be wrapped in double quotes; inside quotes a comma is data and two
    double quotes ("") stand for one. Empty fields are empty strings.
    """
    return [field.strip('"') for field in line.split(",")]
