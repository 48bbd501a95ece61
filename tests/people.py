"""The synthetic demo persons' identity numbers, named once for every test."""

KARI = "12838502510"  # Kari Nordmann, Askøy, has a plan
OLA = "03899807153"  # Ola Berg, Luster, easy-read; Randi is his verge
RANDI = "21866229012"  # Randi Berg, Ola's verge
EMMA = "07811674014"  # Emma Hansen, under 12; Per is her father
PER = "30849009334"  # Per Hansen, father of Emma and of Jonas
JONAS = "19880994991"  # Jonas Hansen, turned 16: Per's parental access has ended
SARA = "15821286864"  # Sara Lund, 12–15, one goal private from her parents; Nils is her father
NILS = "11917539245"  # Nils Lund, Sara's father; holds a read-only fullmakt from Kari
ARNE = "02915533658"  # Arne Vik, no plan yet
